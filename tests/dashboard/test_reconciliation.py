"""Reconciliation accounts for every issued ballot and names each difference."""

from ovs.dashboard import counters
from ovs.dashboard.figures import Scope
from ovs.dashboard.reconciliation import reconcile
from ovs.models import Item
from ovs.postal.events import EventCode as E
from ovs.tracking.ingest import ingest
from tests import factories


def _mission_with_ballots(session, n=3):
    mission = factories.mission(session)
    partner = factories.partner(session)
    ballots = [
        factories.ballot(session, factories.voter(session, mission), partner)
        for _ in range(n)
    ]
    return mission, ballots


def test_a_balanced_mission_has_no_differences(session):
    mission, ballots = _mission_with_ballots(session)
    ingest(
        session,
        [factories.status_event(ballots[0].items[0], E.DELIVERED)],
        source="poll",
    )
    counters.catch_up(session)
    (line,) = reconcile(session, Scope(mission_ids=(mission.id,)))
    assert (line.issued, line.not_posted, line.delivered) == (3, 2, 1)
    assert line.accounted == line.issued
    assert line.differences == []


def test_a_ballot_without_a_return_envelope_is_listed(session):
    mission, ballots = _mission_with_ballots(session)
    session.delete(next(i for i in ballots[0].items if i.leg == "return"))
    session.flush()
    counters.catch_up(session)
    (line,) = reconcile(session, Scope(mission_ids=(mission.id,)))
    assert line.differences == ["1 ballots lack return envelope."]


def test_returns_without_a_reported_delivery_are_listed(session):
    mission, ballots = _mission_with_ballots(session)
    back = next(i for i in ballots[0].items if i.leg == "return")
    ingest(session, [factories.status_event(back, E.DELIVERED)], source="poll")
    counters.catch_up(session)
    (line,) = reconcile(session, Scope(mission_ids=(mission.id,)))
    assert line.received == 1
    assert line.differences == [
        "1 returns arrived for ballots whose delivery the post never reported."
    ]


def test_an_outbound_item_in_a_return_status_is_unaccounted(session):
    mission, ballots = _mission_with_ballots(session, n=1)
    outbound = next(i for i in ballots[0].items if i.leg == "outbound")
    session.query(Item).filter(Item.id == outbound.id).update(
        {"status": "awaiting_voter"}
    )
    counters.rebuild(session)
    (line,) = reconcile(session, Scope(mission_ids=(mission.id,)))
    assert line.unaccounted == 1
    assert line.accounted == line.issued - 1
    assert "1 outbound items are in a status of the return leg." in line.differences
