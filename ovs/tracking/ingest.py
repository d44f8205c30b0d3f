"""The one ingest path: every event from every source is stored and judged here.

Polling, partner callbacks, staff scans, file uploads and handovers all call
``ingest``. It drops duplicates by fingerprint, stores the rest, derives each
touched item's status and writes what follows to the outbox, all in the
caller's transaction. Nothing else writes events or statuses.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ovs import logs
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal import s10
from ovs.postal.status import FINAL_STATUSES
from ovs.tracking.status import EventFact
from ovs.tracking.status import derive
from partners.base import ParsedEvent

log = logs.get(__name__)


@dataclass(frozen=True)
class Rejection:
    """An event that was not stored, with its position in the batch and why."""

    index: int
    reason: str


@dataclass
class IngestResult:
    """Counts of what one ingest call did."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    changed_items: list[int] = field(default_factory=list)


def fingerprint(event: ParsedEvent) -> str:
    """A stable identity for an event, the same whichever way it arrived."""
    instant = event.occurred_at.astimezone(dt.UTC).replace(microsecond=0)
    parts = (
        s10.normalise(event.tracking_number),
        event.code or f"?{event.partner_code}",
        instant.isoformat(),
        (event.location or "").strip().upper(),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def ingest(
    session,
    events: Sequence[ParsedEvent],
    *,
    source: str,
    partner_id: int | None = None,
) -> IngestResult:
    """Store new events, skip duplicates, re-derive touched items, fill the outbox."""
    result = IngestResult()
    items = _items_by_number(session, events)
    rows, touched = [], {}
    seen = set()
    for index, event in enumerate(events):
        item = items.get(s10.normalise(event.tracking_number))
        reason = _rejection(event, item, partner_id)
        if reason:
            result.rejected.append(Rejection(index, reason))
            continue
        print_ = fingerprint(event)
        if print_ in seen:
            result.duplicates += 1
            continue
        seen.add(print_)
        rows.append(_row(event, item, source, print_))
        touched[item.id] = item
    inserted = _insert_new(session, rows)
    result.accepted = len(inserted)
    result.duplicates += len(rows) - len(inserted)
    for item_id in {row["item_id"] for row in rows if row["fingerprint"] in inserted}:
        if _rederive(session, touched[item_id]):
            result.changed_items.append(item_id)
    log.info(
        "ingest.batch",
        source=source,
        partner_id=partner_id,
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=len(result.rejected),
    )
    return result


def _items_by_number(session, events: Sequence[ParsedEvent]) -> dict[str, Item]:
    numbers = {s10.normalise(e.tracking_number) for e in events}
    if not numbers:
        return {}
    found = session.scalars(select(Item).where(Item.tracking_number.in_(numbers)))
    return {item.tracking_number: item for item in found}


def _rejection(event: ParsedEvent, item: Item | None, partner_id: int | None):
    if item is None:
        return "unknown tracking number"
    if partner_id is not None and item.partner_id != partner_id:
        return "tracking number belongs to another partner"
    if event.occurred_at.tzinfo is None or event.occurred_at.utcoffset() is None:
        return "bad time: no UTC offset"
    return None


def _row(event: ParsedEvent, item: Item, source: str, print_: str) -> dict:
    offset = event.occurred_at.utcoffset()
    return {
        "item_id": item.id,
        "code": event.code.value if event.code else None,
        "partner_code": event.partner_code,
        "description": (event.description or "")[:500] or None,
        "occurred_at": event.occurred_at.astimezone(dt.UTC),
        "utc_offset_minutes": int(offset.total_seconds() // 60),
        "offset_inferred": event.offset_inferred,
        "location": (event.location or "")[:200] or None,
        "country": event.country,
        "reason": (event.reason or "")[:200] or None,
        "measure": event.measure.value if event.measure else None,
        "source": source,
        "partner_event_id": event.partner_event_id,
        "fingerprint": print_,
        "received_at": utcnow(),
    }


def _insert_new(session, rows: list[dict]) -> set[str]:
    """Insert rows whose fingerprint is new; return the fingerprints inserted."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(TrackingEvent)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["fingerprint"])
        .returning(TrackingEvent.fingerprint)
    )
    return set(session.scalars(statement))


def _rederive(session, item: Item) -> bool:
    """Re-derive one item's status from all its events; True when it changed."""
    facts = [
        EventFact(code, at, measure, source == "scan")
        for code, at, measure, source in session.execute(
            select(
                TrackingEvent.code,
                TrackingEvent.occurred_at,
                TrackingEvent.measure,
                TrackingEvent.source,
            ).where(TrackingEvent.item_id == item.id)
        )
    ]
    deadline = _deadline(session, item)
    status = derive(item.leg, facts, deadline)
    item.event_count = len(facts)
    item.last_event_at = max((f.occurred_at for f in facts), default=None)
    if status == item.status:
        return False
    previous, item.status = item.status, status
    item.status_changed_at = utcnow()
    item.is_final = status in FINAL_STATUSES
    session.add(
        OutboxMessage(
            topic="item.status_changed",
            key=str(item.id),
            payload={
                "item_id": item.id,
                "ballot_id": item.ballot_id,
                "mission_id": item.mission_id,
                "leg": item.leg,
                "tracking_number": item.tracking_number,
                "from": previous,
                "to": status,
            },
        )
    )
    return True


def _deadline(session, item: Item) -> dt.datetime:
    return session.scalar(
        select(Election.return_deadline)
        .join(Voter, Voter.election_id == Election.id)
        .join(Ballot, Ballot.voter_id == Voter.id)
        .where(Ballot.id == item.ballot_id)
    )
