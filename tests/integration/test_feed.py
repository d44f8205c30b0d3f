"""The event feed never skips an event committed after a later one."""

import datetime as dt

from sqlalchemy import delete
from sqlalchemy import select

from ovs.integration import cursors
from ovs.integration.feed import settled_horizon
from ovs.integration.reads import Viewer
from ovs.integration.reads import event_feed
from ovs.models import TrackingEvent
from ovs.postal.events import EventCode
from tests import factories

SETTLE = dt.timedelta(seconds=60)


def _three_events_with_a_hole(session):
    """Events a, b, c where b's row is not visible yet: an open transaction."""
    item = next(i for i in factories.ballot(session).items if i.leg == "outbound")
    for hour, code in enumerate(
        [EventCode.POSTED, EventCode.DEPARTED_OUTWARD_OE, EventCode.DELIVERED]
    ):
        start = dt.datetime(2027, 1, 8, 1 + hour, tzinfo=dt.UTC)
        factories.tracking_events(session, item, [code], start=start)
    ids = session.scalars(
        select(TrackingEvent.id)
        .where(TrackingEvent.item_id == item.id)
        .order_by(TrackingEvent.id)
    ).all()
    session.execute(delete(TrackingEvent).where(TrackingEvent.id == ids[1]))
    return ids


def _start(session, ids):
    # Rows from other tests may sit below ours; the feed starts just before.
    return cursors.encode("events", ids[0] - 1)


def test_a_hole_holds_the_feed_until_it_settles(session):
    ids = _three_events_with_a_hole(session)
    received = session.get(TrackingEvent, ids[2]).received_at
    soon = received + dt.timedelta(seconds=5)
    page = event_feed(
        session,
        Viewer(),
        cursor=_start(session, ids),
        limit=50,
        now=soon,
        settle=SETTLE,
    )
    assert [e["id"] for e in page["events"]] == [ids[0]]
    assert cursors.decode("events", page["next_cursor"]) == ids[0]

    later = received + SETTLE + dt.timedelta(seconds=1)
    page = event_feed(
        session,
        Viewer(),
        cursor=page["next_cursor"],
        limit=50,
        now=later,
        settle=SETTLE,
    )
    assert [e["id"] for e in page["events"]] == [ids[2]]


def test_the_horizon_stops_before_a_fresh_gap_and_passes_an_old_one(session):
    ids = _three_events_with_a_hole(session)
    received = session.get(TrackingEvent, ids[2]).received_at
    after = ids[0] - 1

    def horizon(now):
        return settled_horizon(
            session,
            TrackingEvent.id,
            TrackingEvent.received_at,
            after=after,
            now=now,
            settle=SETTLE,
        )[0]

    assert horizon(received) == ids[0]
    assert horizon(received + SETTLE * 2) == ids[2]


def test_a_scan_limit_reports_more_to_read(session):
    ids = _three_events_with_a_hole(session)
    far = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    horizon, full = settled_horizon(
        session,
        TrackingEvent.id,
        TrackingEvent.received_at,
        after=ids[0] - 1,
        now=far,
        settle=SETTLE,
        scan_limit=1,
    )
    assert (horizon, full) == (ids[0], True)
