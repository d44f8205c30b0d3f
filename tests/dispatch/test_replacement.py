"""Voiding and replacing ballots; a voided ballot's return never counts."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import CannotVoid
from ovs.dispatch.errors import UnknownBallot
from ovs.dispatch.handover import hand_over
from ovs.dispatch.replacement import ReturnVerdict
from ovs.dispatch.replacement import ballot_counts
from ovs.dispatch.replacement import replace_ballot
from ovs.dispatch.replacement import return_verdict
from ovs.dispatch.replacement import void_ballot
from ovs.errors import InvalidInput
from ovs.models import AuditEntry
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import TrackingEvent
from ovs.postal.events import EventCode
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent
from tests import factories


@pytest.fixture
def world(session):
    world = factories.dispatch_world(session, voters=2)
    batch = create_batch(session, mission_code=world.mission.code, actor="t").batch
    hand_over(session, batch.id, actor="t")
    world.voter = world.voters[0]
    return world


def _items(session, ballot_id):
    return {
        i.leg: i
        for i in session.scalars(select(Item).where(Item.ballot_id == ballot_id))
    }


def _receive(session, item, at):
    event = ParsedEvent(item.tracking_number, EventCode.DELIVERED, None, None, at)
    ingest(session, [event], source=EventSource.SCAN)


def test_replace_voids_the_ballot_and_issues_the_next_in_a_batch_of_its_own(
    session, world
):
    old = session.scalar(select(Ballot).where(Ballot.voter_id == world.voter.id))
    result = replace_ballot(
        session, world.voter.registry_number, reason="lost in the post", actor="clerk"
    )
    assert result.voided.id == old.id
    assert (old.state, old.void_reason) == (BallotState.VOIDED, "lost in the post")
    new = session.scalar(
        select(Ballot).where(
            Ballot.voter_id == world.voter.id, Ballot.state == BallotState.LIVE
        )
    )
    assert (new.sequence, new.replaces_id) == (2, old.id)
    assert new.batch_id == result.reissued.batch.id != old.batch_id
    old_items, new_items = _items(session, old.id), _items(session, new.id)
    assert set(new_items) == {Leg.OUTBOUND, Leg.RETURN}
    assert not {i.tracking_number for i in old_items.values()} & {
        i.tracking_number for i in new_items.values()
    }
    voided = session.scalars(
        select(TrackingEvent.item_id).where(TrackingEvent.code == EventCode.VOIDED)
    ).all()
    assert sorted(voided) == sorted(i.id for i in old_items.values())
    # The old outbound item is still in flight as far as tracking goes.
    assert old_items[Leg.OUTBOUND].status == ItemStatus.POSTED
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("ballot.void") == 1 and actions.count("batch.issue") == 2


def test_a_voided_ballots_return_is_flagged_and_never_counted(session, world):
    deadline = world.mission.election.return_deadline
    old = session.scalar(select(Ballot).where(Ballot.voter_id == world.voter.id))
    replace_ballot(session, world.voter.registry_number, reason="lost", actor="c")
    old_return = _items(session, old.id)[Leg.RETURN]
    _receive(session, old_return, deadline - dt.timedelta(days=3))
    assert old_return.status == ItemStatus.RECEIVED_ON_TIME
    assert return_verdict(session, old_return) == ReturnVerdict.VOIDED_BALLOT
    assert ballot_counts(session, old_return) is False


@pytest.mark.parametrize(
    ("days_before_deadline", "verdict"),
    [(1, ReturnVerdict.COUNTS), (-1, ReturnVerdict.LATE), (None, "not_received")],
)
def test_a_live_ballots_return_counts_only_when_received_by_the_deadline(
    session, world, days_before_deadline, verdict
):
    ballot = session.scalar(select(Ballot).where(Ballot.voter_id == world.voter.id))
    items = _items(session, ballot.id)
    if days_before_deadline is not None:
        deadline = world.mission.election.return_deadline
        _receive(
            session,
            items[Leg.RETURN],
            deadline - dt.timedelta(days=days_before_deadline),
        )
    assert return_verdict(session, items[Leg.RETURN]) == verdict
    assert ballot_counts(session, items[Leg.RETURN]) is (
        verdict == ReturnVerdict.COUNTS
    )
    assert return_verdict(session, items[Leg.OUTBOUND]) == ReturnVerdict.NOT_A_RETURN


def test_a_received_ballot_cannot_be_voided(session, world):
    ballot = session.scalar(select(Ballot).where(Ballot.voter_id == world.voter.id))
    deadline = world.mission.election.return_deadline
    _receive(
        session, _items(session, ballot.id)[Leg.RETURN], deadline - dt.timedelta(days=2)
    )
    with pytest.raises(CannotVoid) as caught:
        void_ballot(session, world.voter.registry_number, reason="x", actor="c")
    assert caught.value.message.startswith(
        f"The returned ballot of voter {world.voter.registry_number} was received on "
    )
    assert caught.value.message.endswith("; a received ballot is not voided.")


@pytest.mark.parametrize(
    ("number", "reason", "error", "message"),
    [
        ("0000", "lost", UnknownBallot, "No voter has the registry number '0000'."),
        (
            None,
            "  ",
            InvalidInput,
            "Say why the ballot is voided, for example: --reason 'lost in the post'.",
        ),
        (
            None,
            "x" * 201,
            InvalidInput,
            "The reason is 201 characters long; keep it within 200.",
        ),
    ],
)
def test_void_refuses_bad_input(session, world, number, reason, error, message):
    with pytest.raises(error) as caught:
        void_ballot(
            session, number or world.voter.registry_number, reason=reason, actor="c"
        )
    assert caught.value.message == message


def test_a_voter_without_a_live_ballot_has_nothing_to_void(session, world):
    void_ballot(session, world.voter.registry_number, reason="lost", actor="c")
    with pytest.raises(CannotVoid) as caught:
        void_ballot(session, world.voter.registry_number, reason="lost", actor="c")
    assert caught.value.message == (
        f"Voter {world.voter.registry_number} has no live ballot to void; issue one "
        "with: flask --app ovs batch create"
    )


def test_a_voided_voter_is_pending_again_and_gets_the_next_sequence(session, world):
    void_ballot(session, world.voter.registry_number, reason="lost", actor="c")
    result = create_batch(session, mission_code=world.mission.code, actor="t")
    assert result.ballots == 1
    new = session.scalar(
        select(Ballot).where(
            Ballot.voter_id == world.voter.id, Ballot.state == BallotState.LIVE
        )
    )
    assert new.sequence == 2
