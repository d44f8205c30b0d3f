"""The dispatch commands: what they print, and their one-line refusals."""

import pypdfium2
import pytest
from sqlalchemy import select

from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import TrackingRange
from ovs.postal.status import BallotState
from ovs.postal.status import ServiceClass
from tests import factories


@pytest.fixture
def world(session):
    return factories.dispatch_world(session, voters=3)


def _create(runner, world, *extra):
    return runner.invoke(
        args=["batch", "create", "--mission", world.mission.code, *extra]
    )


def _batch_id(session) -> int:
    return session.scalar(select(DispatchBatch.id).order_by(DispatchBatch.id.desc()))


def test_batch_create_prints_the_batch_counts_and_unroutable_voters(
    runner, session, world
):
    stranger = factories.voter(session, world.mission, country="SG")
    result = _create(runner, world, "--partner", world.partner.code)
    assert result.exit_code == 0, result.output
    batch_id = _batch_id(session)
    assert (
        f"Batch {batch_id}: 3 ballots issued (registered 3), 6 items." in result.output
    )
    assert "Not routed, no ballot issued (1):" in result.output
    line = next(
        ln for ln in result.output.splitlines() if stranger.registry_number in ln
    )
    assert f"no lane from MY to SG through {world.partner.code}" in line


def test_batch_create_with_a_limit(runner, session, world):
    result = _create(runner, world, "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "2 ballots issued" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["batch", "create", "--mission", "NOPE"],
            "Error: No mission has the code 'NOPE'",
        ),
        (
            ["batch", "labels", "424242", "--out", "x.pdf"],
            "Error: No dispatch batch has the id 424242.",
        ),
        (
            ["batch", "manifest", "424242", "--out", "x.pdf"],
            "Error: No dispatch batch has the id 424242.",
        ),
        (
            ["batch", "handover", "424242"],
            "Error: No dispatch batch has the id 424242.",
        ),
        (
            ["ballot", "void", "0000", "--reason", "lost"],
            "Error: No voter has the registry number '0000'.",
        ),
    ],
)
def test_commands_refuse_unknown_things_in_one_line(runner, world, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_batch_create_with_an_unknown_partner_names_the_known_ones(runner, world):
    result = _create(runner, world, "--partner", "nope")
    assert result.exit_code == 1
    assert "Error: No partner post has the code 'nope'. Known: " in result.output
    assert world.partner.code in result.output


def test_batch_create_on_exhausted_ranges_says_so_and_issues_nothing(
    runner, session, world
):
    rng = world.ranges[ServiceClass.REGISTERED]
    rng.next_serial = rng.last_serial
    session.flush()
    result = _create(runner, world)
    assert result.exit_code == 1
    assert (
        f"Error: Mission {world.mission.code} has 1 registered tracking numbers left "
        f"from {world.partner.code}; this needs 6. Nothing was issued."
    ) in result.output
    assert session.scalars(select(Ballot)).all() == []


def test_labels_manifest_and_handover_run_one_after_another(
    runner, session, world, tmp_path
):
    assert _create(runner, world).exit_code == 0
    batch_id = str(_batch_id(session))
    for stock, leg in (("a4", "outbound"), ("thermal", "return")):
        out = tmp_path / f"{stock}-{leg}.pdf"
        result = runner.invoke(
            args=[
                "batch",
                "labels",
                batch_id,
                "--out",
                str(out),
                "--stock",
                stock,
                "--leg",
                leg,
            ]
        )
        assert result.exit_code == 0, result.output
        assert f"Wrote 3 {leg} labels ({stock}) to {out}." in result.output
        assert len(pypdfium2.PdfDocument(out.read_bytes())) == (
            1 if stock == "a4" else 3
        )
    out = tmp_path / "list.pdf"
    result = runner.invoke(args=["batch", "manifest", batch_id, "--out", str(out)])
    assert f"Wrote the special list of 3 items to {out}." in result.output
    result = runner.invoke(args=["batch", "handover", batch_id])
    assert result.exit_code == 0, result.output
    assert ": 3 items posted." in result.output
    again = runner.invoke(args=["batch", "handover", batch_id])
    assert again.exit_code == 1
    assert f"Error: Batch {batch_id} was handed over on " in again.output
    assert "a batch is handed over once." in again.output


def test_ballot_replace_voids_and_reissues(runner, session, world):
    assert _create(runner, world).exit_code == 0
    number = world.voters[0].registry_number
    result = runner.invoke(
        args=["ballot", "replace", number, "--reason", "returned undeliverable"]
    )
    assert result.exit_code == 0, result.output
    assert f"Ballot 1 of voter {number} voided; ballot 2 issued in batch " in (
        result.output
    )
    states = session.scalars(
        select(Ballot.state)
        .where(Ballot.voter_id == world.voters[0].id)
        .order_by(Ballot.sequence)
    ).all()
    assert states == [BallotState.VOIDED, BallotState.LIVE]


def test_ballot_void_needs_a_reason(runner, world):
    result = runner.invoke(args=["ballot", "void", world.voters[0].registry_number])
    assert result.exit_code == 2
    assert "Missing option '--reason'" in result.output


def test_ranges_add_and_list(runner, session, world):
    result = runner.invoke(
        args=[
            "ranges",
            "add",
            "--partner",
            world.partner.code,
            "--mission",
            world.mission.code,
            "--indicator",
            "EE",
            "--first",
            "7000000",
            "--count",
            "500",
        ]
    )
    assert result.exit_code == 0, result.output
    rng = session.scalar(
        select(TrackingRange).where(TrackingRange.service_indicator == "EE")
    )
    assert result.output.strip() == (
        f"Range {rng.id}: EE 07000000-07000499 MY (500 numbers) for "
        f"{world.mission.code}."
    )
    listing = runner.invoke(args=["ranges", "list", "--mission", world.mission.code])
    assert listing.exit_code == 0
    line = next(ln for ln in listing.output.splitlines() if ln.startswith(str(rng.id)))
    assert "07000000-07000499" in line and "500" in line


def test_ranges_add_refuses_an_overlap(runner, world):
    rng = world.ranges[ServiceClass.REGISTERED]
    result = runner.invoke(
        args=[
            "ranges",
            "add",
            "--partner",
            world.partner.code,
            "--mission",
            world.mission.code,
            "--indicator",
            "RR",
            "--first",
            str(rng.first_serial),
            "--count",
            "5",
        ]
    )
    assert result.exit_code == 1
    assert f"overlaps range {rng.id}" in result.output


def test_batch_list_shows_each_batch_and_its_state(runner, session, world):
    assert _create(runner, world).exit_code == 0
    batch_id = _batch_id(session)
    result = runner.invoke(args=["batch", "list", "--mission", world.mission.code])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith(str(batch_id)))
    assert world.mission.code in line and "registered" in line and "issued" in line
