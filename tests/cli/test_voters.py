"""``flask voters import``: progress, the report, and exit status 1 on refusals."""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Voter
from tests import factories


@pytest.fixture
def mission(session):
    """A Kuala Lumpur mission."""
    return factories.mission(session)


def voters_in(session) -> int:
    return session.scalar(select(func.count()).select_from(Voter))


def write(tmp_path, rows, name="voters.csv"):
    path = tmp_path / name
    path.write_bytes(factories.voter_csv(rows))
    return str(path)


def test_import_prints_progress_and_the_report(runner, session, mission, tmp_path):
    path = write(tmp_path, [factories.voter_row(1), factories.voter_row(2)])
    result = runner.invoke(args=["voters", "import", path, "--mission", mission.code])
    assert result.exit_code == 0, result.output
    assert "Rows checked: 2 (100%)" in result.output
    assert "Rows read: 2; new: 2; updated: 0; unchanged: 0; refused: 0." in (
        result.output
    )
    assert "The voter list was imported." in result.output
    assert voters_in(session) == 2


def test_refused_rows_are_listed_and_nothing_is_imported(
    runner, session, mission, tmp_path
):
    rows = [factories.voter_row(1), factories.voter_row(2, postal_code="1234")]
    path = write(tmp_path, rows)
    result = runner.invoke(args=["voters", "import", path, "--mission", mission.code])
    assert result.exit_code == 1
    assert (
        "  line 3, postal_code: postcode 1234 does not fit Malaysia "
        "(5 digits, like 43000)"
    ) in result.output
    assert "Nothing was imported: correct the rows above" in result.output
    assert voters_in(session) == 0


def test_good_rows_only_imports_the_rest_and_still_exits_1(
    runner, session, mission, tmp_path
):
    rows = [factories.voter_row(1), factories.voter_row(2, country="XX")]
    path = write(tmp_path, rows)
    result = runner.invoke(
        args=["voters", "import", path, "--mission", mission.code, "--good-rows-only"]
    )
    assert result.exit_code == 1
    assert "  line 3, country: country XX is not an ISO 3166-1 two-letter code" in (
        result.output
    )
    assert "The rows that passed were imported; the rows above were not." in (
        result.output
    )
    assert voters_in(session) == 1


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", None, "Error: The file is empty."),
        (b"registry_number\n", None, "Error: The header does not fit: missing columns"),
        (b"x", "NOPE", "Error: There is no mission with code NOPE."),
    ],
)
def test_a_file_or_mission_that_cannot_be_used_is_one_line(
    runner, session, mission, tmp_path, content, code, message
):
    path = tmp_path / "voters.csv"
    path.write_bytes(content)
    result = runner.invoke(
        args=["voters", "import", str(path), "--mission", code or mission.code]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert voters_in(session) == 0
