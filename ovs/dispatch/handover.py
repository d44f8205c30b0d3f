"""Handover: the mission gives a batch's outbound envelopes to the post.

The posting event (UPU EMA) of every outbound item goes through the one ingest
path, stamped with the mission's local time; ingest derives the status and the
expected arrival from it. Outbound items are then due for their first poll an
hour later (``FIRST_POLL_AFTER_HANDOVER_MINUTES``), once the post has had time
to scan them in. Return items stay unpolled: the voter posts them, not the
mission, and the tracking engine starts polling them when the outbound item
is delivered.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy import update

from ovs import audit
from ovs import logs
from ovs.dispatch.errors import AlreadyHandedOver
from ovs.dispatch.lookups import batch_by_id
from ovs.dispatch.settings import setting
from ovs.models import Ballot
from ovs.models import Item
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
    numbers = _outbound_numbers(session, batch.id)
    accepted = 0
    with session.begin_nested():
        for start in range(0, len(numbers), CHUNK):
            chunk = numbers[start : start + CHUNK]
            events = [_posting(number, local, mission, partner) for number in chunk]
            result = ingest(
                session, events, source=EventSource.HANDOVER, partner_id=partner.id
            )
            accepted += result.accepted
        _schedule(session, batch.id, now)
        batch.state = "handed_over"
        batch.handed_over_at = now
        batch.handed_over_by = actor
        outbound = len(numbers)
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


def _outbound_numbers(session, batch_id: int) -> list[str]:
    return session.scalars(
        select(Item.tracking_number)
        .join(Ballot, Ballot.id == Item.ballot_id)
        .where(
            Ballot.batch_id == batch_id,
            Ballot.state == BallotState.LIVE,
            Item.leg == Leg.OUTBOUND,
        )
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


def _schedule(session, batch_id: int, now: dt.datetime) -> None:
    """Make the batch's outbound items due for their first poll."""
    first_poll = now + dt.timedelta(
        minutes=int(setting("FIRST_POLL_AFTER_HANDOVER_MINUTES"))
    )
    # Flushed first so the statuses and outlooks ingest set are written before,
    # not over, this change.
    session.flush()
    live = select(Ballot.id).where(
        Ballot.batch_id == batch_id, Ballot.state == BallotState.LIVE
    )
    session.execute(
        update(Item)
        .where(Item.ballot_id.in_(live), Item.leg == Leg.OUTBOUND)
        .values(next_poll_at=first_poll)
        .execution_options(synchronize_session="fetch")
    )
