"""The dashboard counters agree with the items, however events and items interleave."""

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from ovs.dashboard import counters
from ovs.models import Item
from ovs.models import StatusCount
from ovs.models import StatusFlow
from ovs.models import TransitBucket
from ovs.postal.events import EventCode as E
from ovs.tracking.ingest import ingest
from tests import factories


def _truth(session) -> dict:
    rows = session.execute(
        select(
            Item.mission_id,
            Item.voter_country,
            Item.partner_id,
            Item.leg,
            Item.status,
            func.count(),
        ).group_by(
            Item.mission_id, Item.voter_country, Item.partner_id, Item.leg, Item.status
        )
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def _counted(session) -> dict:
    rows = session.execute(
        select(
            StatusCount.mission_id,
            StatusCount.country,
            StatusCount.partner_id,
            StatusCount.leg,
            StatusCount.status,
            StatusCount.count,
        )
    )
    return {tuple(row[:-1]): row[-1] for row in rows if row[-1]}


@pytest.fixture
def ballots(session):
    """Three ballots of one mission on one lane."""
    mission = factories.mission(session)
    partner = factories.partner(session)
    lane = factories.lane(session, partner)
    made = []
    for _ in range(3):
        ballot = factories.ballot(session, factories.voter(session, mission), partner)
        for item in ballot.items:
            item.lane_id = lane.id
        made.append(ballot)
    session.flush()
    return made


def test_new_items_are_counted_at_their_status(session, ballots):
    counters.catch_up(session)
    assert _counted(session) == _truth(session)


@pytest.mark.parametrize("counted_first", [True, False])
def test_status_changes_move_counts_whichever_comes_first(
    session, ballots, counted_first
):
    if counted_first:
        counters.catch_up(session)
    outbound = ballots[0].items[0]
    ingest(
        session,
        [factories.status_event(outbound, E.POSTED)],
        source="poll",
    )
    counters.catch_up(session)
    assert outbound.status == "posted"
    assert _counted(session) == _truth(session)


def test_delivery_records_the_daily_flow_and_the_transit_time(session, ballots):
    counters.catch_up(session)
    outbound = ballots[0].items[0]
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=6)
    ingest(
        session,
        [
            factories.status_event(outbound, E.POSTED, when=start),
            factories.status_event(
                outbound, E.DELIVERED, when=start + dt.timedelta(days=4, hours=2)
            ),
        ],
        source="poll",
    )
    counters.catch_up(session)
    assert _counted(session) == _truth(session)
    flows = session.execute(select(StatusFlow.status, StatusFlow.count)).all()
    assert ("delivered", 1) in flows
    buckets = session.execute(select(TransitBucket.days, TransitBucket.count)).all()
    assert buckets == [(4, 1)]


def test_a_rebuild_finds_and_corrects_drift(session, ballots):
    counters.catch_up(session)
    row = session.scalars(select(StatusCount)).first()
    row.count += 5
    session.flush()
    assert counters.rebuild(session) == 1
    assert _counted(session) == _truth(session)
    assert counters.rebuild(session) == 0


def test_catching_up_twice_changes_nothing(session, ballots):
    counters.catch_up(session)
    before = _counted(session)
    assert counters.catch_up(session).items == 0
    assert _counted(session) == before
