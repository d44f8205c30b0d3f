"""Counts by dimension, the hourly snapshot in the outbox, and the daily report."""

import datetime as dt

from sqlalchemy import select

from ovs.integration.counts import counts_by
from ovs.integration.counts import write_hourly_counts
from ovs.integration.exports import COLUMNS
from ovs.integration.exports import daily_counts
from ovs.integration.exports import to_csv
from ovs.models import OutboxMessage
from ovs.postal.events import EventCode
from tests import factories


def _leg(ballot, leg):
    return next(i for i in ballot.items if i.leg == leg)


def _mission_with_movement(session):
    mission = factories.mission(session)
    first = factories.ballot(session, factories.voter(session, mission))
    second = factories.ballot(session, factories.voter(session, mission))
    kl = dt.timezone(dt.timedelta(hours=8))
    # 23:30 UTC on the 7th is the 8th in Kuala Lumpur.
    posted = dt.datetime(2027, 1, 7, 23, 30, tzinfo=dt.UTC).astimezone(kl)
    factories.tracking_events(
        session,
        _leg(first, "outbound"),
        [EventCode.POSTED, EventCode.DELIVERED],
        posted,
    )
    factories.tracking_events(
        session, _leg(second, "outbound"), [EventCode.POSTED], posted
    )
    deadline = mission.election.return_deadline
    factories.tracking_events(
        session,
        _leg(first, "return"),
        [EventCode.POSTED, EventCode.DELIVERED],
        deadline - dt.timedelta(hours=5),
    )
    factories.tracking_events(
        session,
        _leg(second, "return"),
        [EventCode.POSTED, EventCode.DELIVERED],
        deadline + dt.timedelta(hours=30),
    )
    return mission


def test_counts_by_mission_split_by_status(session):
    mission = _mission_with_movement(session)
    body = counts_by(session, "mission", mission_id=mission.id, leg="outbound")
    (group,) = body["groups"]
    assert group["key"] == mission.code
    assert group["total"] == 2
    assert (
        group["by_status"] == {"delivered": 1, "in_transit": 1}
        or sum(group["by_status"].values()) == 2
    )


def test_hourly_counts_are_written_once_per_hour(session):
    mission = _mission_with_movement(session)
    now = dt.datetime(2027, 1, 9, 10, 5, tzinfo=dt.UTC)
    first = write_hourly_counts(session, now)
    again = write_hourly_counts(session, now + dt.timedelta(minutes=30))
    next_hour = write_hourly_counts(session, now + dt.timedelta(hours=1))
    assert (first, again, next_hour) == (1, 0, 1)
    message = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.topic == "counts.hourly")
        .where(OutboxMessage.key == f"mission:{mission.id}")
        .order_by(OutboxMessage.id)
    ).first()
    assert message.payload["hour"] == "2027-01-09T10:00:00Z"
    assert sum(message.payload["outbound"].values()) == 2
    assert sum(message.payload["return"].values()) == 2


def test_the_daily_report_counts_per_local_day_and_splits_late_returns(session):
    mission = _mission_with_movement(session)
    rows = daily_counts(session, mission_id=mission.id)
    by_day = {row["date"]: row for row in rows}
    jan8 = by_day[dt.date(2027, 1, 8)]
    assert jan8["outbound_posted"] == 2
    assert jan8["outbound_delivered"] == 1
    assert sum(r["return_received_on_time"] for r in rows) == 1
    assert sum(r["return_received_late"] for r in rows) == 1
    assert sum(r["return_posted"] for r in rows) == 2
    assert sum(r["ballots_issued"] for r in rows) == 2
    csv_text = to_csv(rows)
    assert csv_text.splitlines()[0] == ",".join(COLUMNS)
    assert f"2027-01-08,{mission.code}," in csv_text
