"""Deadlines: lane transit times learned from events, expected arrivals, risk, lost."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.models import Election
from ovs.models import OutboxMessage
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.postal.status import EventSource
from ovs.postal.status import Leg
from ovs.tracking import deadlines
from ovs.tracking import watch
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent
from tests import factories

DAY = dt.timedelta(days=1)
NOW = dt.datetime(2027, 1, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("observed", "count", "expected"),
    [(None, 0, 5.0), (3.0, 0, 5.0), (3.0, 20, 4.0), (3.0, 180, 3.2)],
)
def test_observations_outweigh_the_configured_times_as_they_add_up(
    observed, count, expected
):
    assert deadlines.blend(5.0, observed, count, 20) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("leg", "posted", "deadline", "at_risk"),
    [
        (Leg.RETURN, NOW - 2 * DAY, NOW + 9 * DAY, False),
        (Leg.RETURN, NOW - 2 * DAY, NOW + 7 * DAY, True),
        # Not posted yet: the voter can post no earlier than now.
        (Leg.RETURN, None, NOW + 11 * DAY, False),
        (Leg.RETURN, None, NOW + 9 * DAY, True),
        # Overdue and still not there: it can arrive no earlier than now.
        (Leg.RETURN, NOW - 30 * DAY, NOW + DAY, False),
        (Leg.RETURN, NOW - 30 * DAY, NOW - DAY, True),
        # The outbound leg needs time for the return trip as well.
        (Leg.OUTBOUND, NOW, NOW + 19 * DAY, True),
        (Leg.OUTBOUND, NOW, NOW + 21 * DAY, False),
    ],
)
def test_an_item_is_at_risk_when_the_p90_misses_the_deadline(
    leg, posted, deadline, at_risk
):
    transit = deadlines.Transit(5.0, 10.0)
    view = deadlines.outlook(leg, False, posted, transit, deadline, NOW)
    assert view.at_risk is at_risk
    if posted:
        assert view.expected_p50_at == posted + 5 * DAY
        assert view.expected_p90_at == posted + 10 * DAY


def test_a_final_item_is_never_at_risk():
    transit = deadlines.Transit(5.0, 10.0)
    view = deadlines.outlook(Leg.RETURN, True, NOW, transit, NOW - DAY, NOW)
    assert view.at_risk is False


def _event(item, code, at, source_kind=None):
    return ParsedEvent(item.tracking_number, code, str(code), "", at)


def test_lanes_learn_transit_times_from_posting_to_delivery(app, session):
    partner = factories.partner(session)
    lane = factories.lane(session, partner)
    durations = [2, 3, 4, 5, 10]
    for days in durations:
        item = factories.ballot(session, partner_=partner).items[0]
        item.lane_id = lane.id
        session.flush()
        posted = NOW - 20 * DAY
        events = [
            _event(item, EventCode.POSTED, posted),
            _event(item, EventCode.DELIVERED, posted + days * DAY),
        ]
        ingest(session, events, source=EventSource.POLL)
    assert deadlines.learn_lanes(session) >= 1
    session.refresh(lane)
    assert lane.observed_count == 5
    assert lane.observed_p50_days == pytest.approx(4.0)
    assert 5.0 < lane.observed_p90_days <= 10.0
    transit = deadlines.lane_transit(lane)
    assert transit.p50_days == pytest.approx((5.0 * 20 + 4.0 * 5) / 25)


def test_silent_items_are_proposed_lost_after_their_lanes_allowance(app, session):
    ballot = factories.ballot(session)
    quiet, _ = ballot.items
    ingest(
        session, [_event(quiet, EventCode.POSTED, utcnow() - 40 * DAY)], source="poll"
    )
    fresh = factories.ballot(session).items[0]
    ingest(session, [_event(fresh, EventCode.POSTED, utcnow() - DAY)], source="poll")
    assert watch.propose_lost(session) == 1
    assert quiet.lost_proposed_at is not None and fresh.lost_proposed_at is None
    assert quiet.status == "posted"
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.topic == "item.lost_proposed")
    )
    assert message.payload["item_id"] == quiet.id
    assert watch.propose_lost(session) == 0


def test_risk_is_rejudged_as_time_passes(app, session):
    ballot = factories.ballot(session)
    back = next(i for i in ballot.items if i.leg == Leg.RETURN)
    election = session.get(Election, ballot.voter.election_id)
    election.return_deadline = utcnow() + 30 * DAY
    session.flush()
    assert watch.refresh_risk(session) == 0
    assert not back.at_risk
    election.return_deadline = utcnow() + 2 * DAY
    session.flush()
    assert watch.refresh_risk(session) == 2
    assert back.at_risk
    topics = session.scalars(
        select(OutboxMessage.topic).where(OutboxMessage.topic == "item.at_risk")
    ).all()
    assert len(topics) == 2


def test_staff_confirm_a_proposed_loss_through_ingest(app, session):
    from ovs.errors import Conflict
    from ovs.models import AuditEntry
    from ovs.models import TrackingEvent
    from ovs.tracking.lost import confirm_lost

    item = factories.ballot(session).items[0]
    ingest(
        session, [_event(item, EventCode.POSTED, utcnow() - 40 * DAY)], source="poll"
    )
    watch.propose_lost(session)
    confirm_lost(session, item, "staff:1")
    assert item.status == "lost" and item.is_final
    stored = session.scalars(
        select(TrackingEvent.source).where(TrackingEvent.code == "OVL")
    ).all()
    assert stored == ["staff"]
    entry = session.scalar(select(AuditEntry))
    assert entry.action == "item.lost_confirmed" and entry.details["proposed_at"]
    with pytest.raises(Conflict) as caught:
        confirm_lost(session, item, "staff:1")
    assert caught.value.message == (
        f"Item {item.tracking_number} is already lost; "
        "only an item still in flight can be confirmed lost."
    )
