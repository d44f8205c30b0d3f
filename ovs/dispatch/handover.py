"""Handover: the mission gives a batch's outbound envelopes to the post.

The posting event (UPU EMA) of every outbound item goes through the one ingest
path, stamped with the mission's local time. Outbound items are then due for
their first poll. Return items are not polled yet: the voter has not posted
them, so they become due at the earliest moment the voter could have the
ballot in hand (handover plus the outbound lane's median transit).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy import update

from ovs import audit
from ovs import logs
from ovs.dispatch.errors import AlreadyHandedOver
from ovs.dispatch.lookups import batch_by_id
from ovs.dispatch.routing import lane_times
from ovs.dispatch.settings import setting
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Lane
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from ovs.postal.status import Leg
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent

log = logs.get(__name__)

CHUNK = 2000


@dataclass(frozen=True)
class HandoverResult:
    """How many items were posted at handover, and when."""

    batch_id: int
    items: int
    accepted: int
    handed_over_at: dt.datetime


def hand_over(
    session, batch_id: int, *, actor: str, now: dt.datetime | None = None
) -> HandoverResult:
    """Record the posting of every outbound item of a batch, once."""
    now = (now or utcnow()).replace(microsecond=0)
    batch = batch_by_id(session, batch_id, lock=True)
    if batch.state == "handed_over":
        raise AlreadyHandedOver(
            f"Batch {batch.id} was handed over on {batch.handed_over_at:%Y-%m-%d %H:%M}"
            f" UTC by {batch.handed_over_by}; a batch is handed over once."
        )
    mission = session.get(Mission, batch.mission_id)
    partner = session.get(PartnerPost, batch.partner_id)
    local = now.astimezone(ZoneInfo(mission.timezone))
    rows = _live_items(session, batch.id)
    accepted = 0
    with session.begin_nested():
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            events = [
                _posting(row.tracking_number, local, mission, partner)
                for row in chunk
                if row.leg == Leg.OUTBOUND
            ]
            result = ingest(
                session, events, source=EventSource.HANDOVER, partner_id=partner.id
            )
            accepted += result.accepted
        _schedule(session, rows, batch, now)
        batch.state = "handed_over"
        batch.handed_over_at = now
        batch.handed_over_by = actor
        outbound = sum(1 for r in rows if r.leg == Leg.OUTBOUND)
        audit.record(
            session,
            actor=actor,
            action="batch.handover",
            object_type="dispatch_batch",
            object_id=batch.id,
            mission_id=mission.id,
            details={"partner": partner.code, "items": outbound},
        )
    log.info("batch.handover", batch_id=batch.id, items=outbound, accepted=accepted)
    return HandoverResult(batch.id, outbound, accepted, now)


def _live_items(session, batch_id: int):
    return session.execute(
        select(
            Item.id,
            Item.ballot_id,
            Item.leg,
            Item.tracking_number,
            Item.lane_id,
            Item.expected_p50_at,
            Item.expected_p90_at,
        )
        .join(Ballot, Ballot.id == Item.ballot_id)
        .where(Ballot.batch_id == batch_id, Ballot.state == BallotState.LIVE)
        .order_by(Item.id)
    ).all()


def _posting(number: str, local: dt.datetime, mission, partner) -> ParsedEvent:
    return ParsedEvent(
        tracking_number=number,
        code=EventCode.POSTED,
        partner_code=None,
        description=f"Handed over to {partner.name} by {mission.name}",
        occurred_at=local,
        location=mission.city,
        country=mission.country,
    )


def _schedule(session, rows, batch, now: dt.datetime) -> None:
    """Due the first polls, and move expected arrivals from issue to handover time."""
    lanes = {
        lane.id: lane_times(lane)
        for lane in session.scalars(
            select(Lane).where(Lane.id.in_({r.lane_id for r in rows if r.lane_id}))
        )
    }
    first_poll = now + dt.timedelta(
        minutes=int(setting("FIRST_POLL_AFTER_HANDOVER_MINUTES"))
    )
    voter_in_hand = {
        row.ballot_id: now + dt.timedelta(days=lanes[row.lane_id].p50_days)
        for row in rows
        if row.leg == Leg.OUTBOUND and row.lane_id in lanes
    }
    shift = now - batch.created_at
    params = [
        {
            "b_id": row.id,
            "b_due": first_poll
            if row.leg == Leg.OUTBOUND
            else voter_in_hand.get(row.ballot_id, now),
            "b_p50": row.expected_p50_at + shift if row.expected_p50_at else None,
            "b_p90": row.expected_p90_at + shift if row.expected_p90_at else None,
        }
        for row in rows
    ]
    table = Item.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            next_poll_at=bindparam("b_due"),
            expected_p50_at=bindparam("b_p50"),
            expected_p90_at=bindparam("b_p90"),
        )
    )
    for start in range(0, len(params), CHUNK):
        session.execute(statement, params[start : start + CHUNK])
