"""Voter list import: rows checked, all or nothing, the same file twice is a no-op."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlalchemy import select

from ovs.dispatch import voter_import
from ovs.dispatch.voter_file import VoterFileError
from ovs.dispatch.voter_import import Rejection
from ovs.dispatch.voter_import import import_voters
from ovs.errors import Conflict
from ovs.models import AuditEntry
from ovs.models import Voter
from tests import factories


@pytest.fixture
def mission(session):
    """A Kuala Lumpur mission whose voting day is 2030-04-17."""
    election = factories.election(session, voting_day=dt.date(2030, 4, 17))
    return factories.mission(session, election)


def run(session, mission, data: bytes, filename="voters.csv", **options):
    options.setdefault("actor", "staff:1")
    return import_voters(session, mission, io.BytesIO(data), filename, **options)


def snapshot(session):
    """Everything an import may change, to compare before and after."""
    voters = session.execute(
        select(
            Voter.registry_number, Voter.full_name, Voter.address, Voter.phone
        ).order_by(Voter.registry_number)
    ).all()
    audits = session.scalar(select(func.count()).select_from(AuditEntry))
    return voters, audits


def test_a_good_file_creates_voters_with_normalised_values(session, mission):
    report = run(session, mission, factories.voter_csv([factories.voter_row(1)]))
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    assert report.ok and report.applied
    voter = session.scalar(select(Voter))
    assert voter.registry_number == "3171000000000001"
    assert voter.mission_id == mission.id
    assert voter.election_id == mission.election_id
    assert voter.date_of_birth == dt.date(1980, 5, 1)
    assert voter.subdivision == "MY-14"
    assert voter.address == {
        "street_address": "1 Jalan Ampang",
        "city": "Kuala Lumpur",
        "country_area": "Kuala Lumpur",
        "postal_code": "50450",
    }
    assert voter.postal_code == "50450"
    assert voter.phone == "+60123456789"
    assert voter.email == "budi1@example.org"
    assert voter.language == "id"


def test_importing_the_same_file_twice_changes_nothing(session, mission):
    data = factories.voter_csv([factories.voter_row(n) for n in range(1, 6)])
    run(session, mission, data)
    before = snapshot(session)
    stamps = session.scalars(select(Voter.updated_at).order_by(Voter.id)).all()
    report = run(session, mission, data)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    voters, audits = snapshot(session)
    assert voters == before[0]
    assert audits == before[1] + 1  # only the summary of the second import
    assert session.scalars(select(Voter.updated_at).order_by(Voter.id)).all() == stamps


def test_a_changed_address_is_an_update_audited_by_field_name(session, mission):
    run(session, mission, factories.voter_csv([factories.voter_row(1)]))
    moved = factories.voter_row(1, street_address="9 Jalan Pudu", postal_code="55100")
    report = run(session, mission, factories.voter_csv([moved]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    voter = session.scalar(select(Voter))
    assert voter.address["street_address"] == "9 Jalan Pudu"
    assert voter.postal_code == "55100"
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "voter.update")
    )
    assert entry.object_id == str(voter.id)
    assert entry.mission_id == mission.id
    assert entry.details == {"fields": ["address", "postal_code"], "source": "import"}


def test_the_import_itself_is_audited_with_counts_only(session, mission):
    run(session, mission, factories.voter_csv([factories.voter_row(1)]))
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "voters.import")
    )
    assert entry.actor == "staff:1"
    assert entry.details == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "good_rows_only": False,
    }


BAD_ROWS = [
    ({"registry_number": ""}, "registry_number", "registry number is missing"),
    (
        {"registry_number": "31710000000A"},
        "registry_number",
        "registry number 31710000000A is not 16 digits",
    ),
    ({"full_name": " "}, "full_name", "full name is missing"),
    ({"full_name": "Budi 2"}, "full_name", "full name has digits in it"),
    ({"full_name": "x" * 201}, "full_name", "full name is longer than 200 characters"),
    ({"full_name": "--"}, "full_name", "full name is not a name"),
    ({"date_of_birth": ""}, "date_of_birth", "date of birth is missing"),
    (
        {"date_of_birth": "01/05/1980"},
        "date_of_birth",
        "date of birth 01/05/1980 is not a date written YYYY-MM-DD",
    ),
    (
        {"date_of_birth": "1980-02-30"},
        "date_of_birth",
        "date of birth 1980-02-30 is not a date written YYYY-MM-DD",
    ),
    (
        {"date_of_birth": "2999-01-01"},
        "date_of_birth",
        "date of birth 2999-01-01 is in the future",
    ),
    (
        {"date_of_birth": "1899-12-31"},
        "date_of_birth",
        "date of birth 1899-12-31 is before 1900",
    ),
    (
        {"date_of_birth": "2013-04-18"},
        "date_of_birth",
        "born 2013-04-18, the voter is under 17 on voting day 2030-04-17",
    ),
    ({"country": ""}, "country", "country is missing"),
    (
        {"country": "XX"},
        "country",
        "country XX is not an ISO 3166-1 two-letter code",
    ),
    (
        {"country": "Malaysia"},
        "country",
        "country Malaysia is not an ISO 3166-1 two-letter code",
    ),
    (
        {"country": "SG"},
        "country",
        "country SG is not served by mission {mission} (it serves MY)",
    ),
    (
        {"postal_code": "1234"},
        "postal_code",
        "postcode 1234 does not fit Malaysia (5 digits, like 43000)",
    ),
    (
        {"postal_code": ""},
        "postal_code",
        "postcode is missing (Malaysia addresses need one)",
    ),
    (
        {"city": ""},
        "city",
        "city is missing (Malaysia addresses need one)",
    ),
    (
        {"street_address": ""},
        "street_address",
        "street address is missing (Malaysia addresses need one)",
    ),
    (
        {"country_area": "Bavaria"},
        "country_area",
        "state Bavaria is not a state of Malaysia",
    ),
    (
        {"subdivision": "MY-99"},
        "subdivision",
        "subdivision MY-99 is not an ISO 3166-2 subdivision of Malaysia",
    ),
    (
        {"email": "budi@"},
        "email",
        "email budi@ is not a valid email address",
    ),
    (
        {"phone": "012-345 6789"},
        "phone",
        "phone 012-345 6789 is not in international form; start it with + and the "
        "country code (like +60 12 345 6789)",
    ),
    ({"phone": "+60 1"}, "phone", "phone +60 1 is not a valid phone number"),
    (
        {"language": "xx"},
        "language",
        "language xx is not an ISO 639-1 language code (like en or id)",
    ),
]


@pytest.mark.parametrize(("cells", "field", "reason"), BAD_ROWS)
def test_each_bad_row_is_reported_and_nothing_is_imported(
    session, mission, cells, field, reason
):
    before = snapshot(session)
    rows = [factories.voter_row(1), factories.voter_row(2, **cells)]
    report = run(session, mission, factories.voter_csv(rows))
    assert report.rejections == [
        Rejection(3, field, reason.format(mission=mission.code))
    ]
    assert report.rejected_rows == 1 and not report.applied
    assert snapshot(session) == before


def test_every_problem_in_a_row_is_listed(session, mission):
    row = factories.voter_row(1, postal_code="1", email="x", language="zz")
    report = run(session, mission, factories.voter_csv([row]))
    assert [(r.line, r.field) for r in report.rejections] == [
        (2, "postal_code"),
        (2, "email"),
        (2, "language"),
    ]


def test_good_rows_only_imports_the_rows_that_pass(session, mission):
    rows = [
        factories.voter_row(1),
        factories.voter_row(2, postal_code="1234"),
        factories.voter_row(3),
    ]
    report = run(session, mission, factories.voter_csv(rows), good_rows_only=True)
    assert report.applied and not report.ok
    assert (report.created, report.rejected_rows) == (2, 1)
    assert report.rejections[0].line == 3
    numbers = session.scalars(select(Voter.registry_number).order_by(Voter.id)).all()
    assert numbers == ["3171000000000001", "3171000000000003"]


def test_a_registry_number_twice_in_the_file_is_refused(session, mission):
    rows = [factories.voter_row(1), factories.voter_row(2), factories.voter_row(1)]
    before = snapshot(session)
    report = run(session, mission, factories.voter_csv(rows))
    assert report.rejections == [
        Rejection(
            4,
            "registry_number",
            "registry number 3171000000000001 is already on line 2 of this file",
        )
    ]
    assert snapshot(session) == before


def test_a_registry_number_on_another_missions_list_is_refused(session, mission):
    other = factories.mission(session, mission.election)
    factories.voter(session, other, registry_number="3171000000000001")
    before = snapshot(session)
    report = run(session, mission, factories.voter_csv([factories.voter_row(1)]))
    assert report.rejections == [
        Rejection(
            2,
            "registry_number",
            "registry number 3171000000000001 is already on another mission's "
            "voter list",
        )
    ]
    assert snapshot(session) == before


def test_a_late_bad_row_undoes_the_chunks_already_written(
    session, mission, monkeypatch
):
    monkeypatch.setattr(voter_import, "CHUNK", 3)
    rows = [factories.voter_row(n) for n in range(1, 10)]
    rows.append(factories.voter_row(10, country="XX"))
    before = snapshot(session)
    seen = []
    report = run(session, mission, factories.voter_csv(rows), progress=seen.append)
    assert report.rejections == [
        Rejection(11, "country", "country XX is not an ISO 3166-1 two-letter code")
    ]
    assert report.created == 9 and not report.applied
    assert snapshot(session) == before
    assert [p.rows for p in seen] == [3, 6, 9, 10]
    assert seen[-1].fraction == 1.0


def test_many_rows_are_written_in_chunks(session, mission, monkeypatch):
    monkeypatch.setattr(voter_import, "CHUNK", 4)
    rows = [factories.voter_row(n) for n in range(1, 11)]
    report = run(session, mission, factories.voter_csv(rows))
    assert report.created == 10
    assert session.scalar(select(func.count()).select_from(Voter)) == 10


def test_a_csv_with_a_byte_order_mark_and_capitalised_header_is_read(session, mission):
    row = factories.voter_row(1)
    columns = [c.upper() for c in row]
    data = factories.voter_csv([{c.upper(): v for c, v in row.items()}], columns, True)
    report = run(session, mission, data)
    assert report.created == 1


def test_blank_lines_are_skipped_and_lines_counted(session, mission):
    data = factories.voter_csv([factories.voter_row(1)]) + b",,,\n"
    data += factories.voter_csv([factories.voter_row(2, country="XX")]).split(b"\n")[1]
    report = run(session, mission, data)
    assert [r.line for r in report.rejections] == [4]


def test_a_row_with_more_cells_than_columns_is_refused(session, mission):
    data = factories.voter_csv([factories.voter_row(1)]).rstrip(b"\n") + b",extra\n"
    report = run(session, mission, data)
    assert report.rejections == [
        Rejection(2, "row", "the row has more cells than the header has columns")
    ]


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_workbook_is_imported_with_date_and_number_cells(session, mission):
    row = factories.voter_row(1)
    values = list(row.values())
    values[list(row).index("date_of_birth")] = dt.datetime(1980, 5, 1)
    values[list(row).index("postal_code")] = 50450
    report = run(
        session, mission, workbook_bytes([list(row), values]), filename="list.xlsx"
    )
    assert report.created == 1, report.rejections
    voter = session.scalar(select(Voter))
    assert voter.date_of_birth == dt.date(1980, 5, 1)
    assert voter.postal_code == "50450"


def test_a_registry_number_stored_as_a_spreadsheet_number_is_refused(session, mission):
    row = factories.voter_row(1)
    values = list(row.values())
    values[0] = 9_900_000_000_000_001
    report = run(
        session, mission, workbook_bytes([list(row), values]), filename="list.xlsx"
    )
    assert report.rejections == [
        Rejection(
            2,
            "registry_number",
            "registry number is stored as a number in the spreadsheet and has lost "
            "digits; format the column as text",
        )
    ]


HEADER_HELP = (
    "The columns are registry_number, full_name, date_of_birth, country, "
    "street_address, city, postal_code (required) and subdivision, city_area, "
    "country_area, email, phone, language (optional)."
)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "voters.csv", "The file is empty."),
        (b"\xef\xbb\xbf", "voters.csv", "The file is empty."),
        (
            b"registry_number,full_name,town\n",
            "voters.csv",
            "The header does not fit: missing columns: date_of_birth, country, "
            "street_address, city, postal_code; unknown columns: town. " + HEADER_HELP,
        ),
        (
            factories.voter_csv(
                [factories.voter_row(1)], list(factories.voter_row(1))
            ).replace(b"language", b"email"),
            "voters.csv",
            "The header does not fit: repeated columns: email. " + HEADER_HELP,
        ),
        (
            factories.voter_csv([factories.voter_row(1, full_name="Budi")]).replace(
                b"Budi", "Büdi".encode("latin-1")
            ),
            "voters.csv",
            "The file is not UTF-8 text (line 2 has a byte that is not); save it "
            "as CSV UTF-8 and import it again.",
        ),
        (
            b"PK\x03\x04 this is not a workbook",
            "voters.xlsx",
            "The file is not an Excel workbook (.xlsx) that can be opened; save the "
            "voter list again as .xlsx or as CSV UTF-8.",
        ),
        (
            factories.voter_csv([factories.voter_row(1)]),
            "voters.xlsx",
            "The file is not an Excel workbook (.xlsx) that can be opened; save the "
            "voter list again as .xlsx or as CSV UTF-8.",
        ),
        (
            b"\n" + factories.voter_csv([factories.voter_row(1)]),
            "voters.csv",
            "The first line must name the columns; it is blank.",
        ),
        (
            factories.voter_csv([factories.voter_row(1)]).replace(b",Budi", b',"Budi')
            + b"x" * 140_000,
            "voters.csv",
            "Line 2 is not valid CSV (field larger than field limit (131072)); "
            "check its quotes.",
        ),
        (
            b"x",
            "voters.pdf",
            "voters.pdf is neither a .csv nor an .xlsx file; save the voter list as "
            "CSV UTF-8 or as an Excel workbook (.xlsx).",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    session, mission, data, filename, message
):
    before = snapshot(session)
    with pytest.raises(VoterFileError) as caught:
        run(session, mission, data, filename=filename)
    assert caught.value.message == message
    assert snapshot(session) == before


def test_a_file_over_the_size_limit_is_refused(session, mission, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    rows = [factories.voter_row(n) for n in range(1, 8000)]
    data = factories.voter_csv(rows)
    assert len(data) > 1024 * 1024
    before = snapshot(session)
    with pytest.raises(VoterFileError) as caught:
        run(session, mission, data)
    assert caught.value.message == (
        "The file is larger than the 1 MB limit; split it into smaller files and "
        "import each one."
    )
    assert snapshot(session) == before


class _Unseekable(io.RawIOBase):
    """A stream whose size is not known in advance, like a network upload."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_the_size_limit_holds_for_a_stream_of_unknown_length(
    session, mission, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    rows = [factories.voter_row(n) for n in range(1, 8000)]
    stream = _Unseekable(factories.voter_csv(rows))
    before = snapshot(session)
    with pytest.raises(VoterFileError) as caught:
        import_voters(session, mission, stream, "voters.csv", actor="staff:1")
    assert "larger than the 1 MB limit" in caught.value.message
    assert snapshot(session) == before


def test_a_file_on_disk_is_read_from_its_path(session, mission, tmp_path):
    path = tmp_path / "voters.csv"
    path.write_bytes(factories.voter_csv([factories.voter_row(1)]))
    report = import_voters(session, mission, path, "voters.csv", actor="staff:1")
    assert report.created == 1


def test_voters_added_by_a_simultaneous_import_stop_this_one(
    session, mission, monkeypatch
):
    factories.voter(session, mission, registry_number="3171000000000001")
    # The other import commits between this one's look-up and its insert.
    monkeypatch.setattr(voter_import, "_known", lambda *args: {})
    before = snapshot(session)
    with pytest.raises(Conflict) as caught:
        run(session, mission, factories.voter_csv([factories.voter_row(1)]))
    assert caught.value.message == (
        "Another import added some of these voters at the same time; nothing was "
        "imported. Import the file again."
    )
    assert snapshot(session) == before
