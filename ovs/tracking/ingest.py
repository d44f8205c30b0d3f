"""The one ingest path: every event from every source is stored and judged here.

Polling, partner callbacks, staff scans, file uploads and handovers all call
``ingest``. It drops duplicates by fingerprint, stores the rest, derives each
touched item's status and writes what follows to the outbox, all in the
caller's transaction. Nothing else writes events or statuses.

Work is set-based per batch: one query finds the items, one statement inserts
the events, one query reads the touched items' events, one their ballots and
deadlines, one their lanes, and one statement writes the outbox.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ovs import logs
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Lane
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal import s10
from ovs.postal.status import FINAL_STATUSES
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.tracking import deadlines
from ovs.tracking import schedule
from ovs.tracking.status import EventFact
from ovs.tracking.status import arrived_at
from ovs.tracking.status import derive
from ovs.tracking.status import posted_at
from partners.base import ParsedEvent

log = logs.get(__name__)

RECEIVED = frozenset({ItemStatus.RECEIVED_ON_TIME, ItemStatus.RECEIVED_LATE})

UNKNOWN_NUMBER = "unknown tracking number"
OTHER_PARTNER = "tracking number belongs to another partner"
BAD_TIME = "bad time: no UTC offset"


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
    unmapped: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    changed_items: list[int] = field(default_factory=list)
    # Items that got at least one new event, by id.
    moved_items: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _BallotContext:
    voter_id: int
    live: bool
    deadline: dt.datetime | None


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
    now = utcnow()
    items = _items_by_number(session, events)
    rows = _new_rows(events, items, source, partner_id, now, result)
    inserted = _insert_new(session, rows)
    result.accepted = len(inserted)
    result.duplicates += len(rows) - len(inserted)
    result.unmapped = sum(
        1 for r in rows if r["fingerprint"] in inserted and r["code"] is None
    )
    result.moved_items = {r["item_id"] for r in rows if r["fingerprint"] in inserted}
    by_id = {item.id: item for item in items.values()}
    touched = [by_id[item_id] for item_id in sorted(result.moved_items)]
    result.changed_items = _rederive(session, touched, now)
    log.info(
        "ingest.batch",
        source=source,
        partner_id=partner_id,
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=len(result.rejected),
        changed=len(result.changed_items),
    )
    return result


def _items_by_number(session, events: Sequence[ParsedEvent]) -> dict[str, Item]:
    numbers = {s10.normalise(e.tracking_number) for e in events}
    if not numbers:
        return {}
    found = session.scalars(select(Item).where(Item.tracking_number.in_(numbers)))
    return {item.tracking_number: item for item in found}


def _new_rows(events, items, source, partner_id, now, result) -> list[dict]:
    rows, seen = [], set()
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
        rows.append(_row(event, item, source, print_, now))
    return rows


def _rejection(event: ParsedEvent, item: Item | None, partner_id: int | None):
    if item is None:
        return UNKNOWN_NUMBER
    if partner_id is not None and item.partner_id != partner_id:
        return OTHER_PARTNER
    if event.occurred_at.tzinfo is None or event.occurred_at.utcoffset() is None:
        return BAD_TIME
    return None


def _row(event: ParsedEvent, item: Item, source: str, print_: str, now) -> dict:
    offset = event.occurred_at.utcoffset()
    return {
        "item_id": item.id,
        "code": str(event.code) if event.code else None,
        "partner_code": (event.partner_code or "")[:64] or None,
        "description": (event.description or "")[:500] or None,
        "occurred_at": event.occurred_at.astimezone(dt.UTC),
        "utc_offset_minutes": int(offset.total_seconds() // 60),
        "offset_inferred": event.offset_inferred,
        "location": (event.location or "")[:200] or None,
        "country": (event.country or "")[:2] or None,
        "reason": (event.reason or "")[:200] or None,
        "measure": str(event.measure) if event.measure else None,
        "source": source,
        "partner_event_id": (event.partner_event_id or "")[:128] or None,
        "fingerprint": print_,
        "received_at": now,
    }


def _insert_new(session, rows: list[dict]) -> set[str]:
    """Insert rows whose fingerprint is new; return the fingerprints inserted."""
    if not rows:
        return set()
    if session.get_bind().dialect.name == "postgresql":
        return _insert_new_postgresql(session, rows)
    # One cached statement run as executemany: SQLAlchemy batches it into
    # multi-row INSERTs with RETURNING, without compiling a statement per batch.
    statement = (
        sqlite_insert(TrackingEvent.__table__)
        .on_conflict_do_nothing(index_elements=["fingerprint"])
        .returning(TrackingEvent.__table__.c.fingerprint)
    )
    return set(session.connection().execute(statement, rows).scalars())


def _unnest_insert_sql() -> str:
    table = TrackingEvent.__table__
    columns = [c for c in table.columns if c.name != "id"]
    dialect = postgresql.dialect()
    arrays = ", ".join(
        f"%({c.name})s::{c.type.compile(dialect=dialect)}[]" for c in columns
    )
    names = ", ".join(c.name for c in columns)
    return (
        # Names and types come from the model, never from input.
        f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}) "  # noqa: S608
        "ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint"
    )


_UNNEST_SQL: list[str] = []


def _insert_new_postgresql(session, rows: list[dict]) -> set[str]:
    # One statement whatever the batch size: each column travels as an array,
    # so PostgreSQL plans it once and the driver never rewrites a long query.
    if not _UNNEST_SQL:
        _UNNEST_SQL.append(_unnest_insert_sql())
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    result = session.connection().exec_driver_sql(_UNNEST_SQL[0], columns)
    return {fingerprint for (fingerprint,) in result}


def facts_by_item(session, item_ids: Sequence[int]) -> dict[int, list[EventFact]]:
    """Every stored event of the given items, as the facts derivation reads."""
    facts: dict[int, list[EventFact]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return facts
    rows = session.execute(
        select(
            TrackingEvent.item_id,
            TrackingEvent.code,
            TrackingEvent.occurred_at,
            TrackingEvent.measure,
            TrackingEvent.source,
            TrackingEvent.reason,
            TrackingEvent.location,
        ).where(TrackingEvent.item_id.in_(item_ids))
    )
    for item_id, code, at, measure, source, reason, location in rows:
        fact = EventFact(
            code, at, measure, source == EventSource.SCAN, reason, location
        )
        facts[item_id].append(fact)
    return facts


def _ballots(session, ballot_ids) -> dict[int, _BallotContext]:
    if not ballot_ids:
        return {}
    rows = session.execute(
        select(Ballot.id, Ballot.voter_id, Ballot.state, Election.return_deadline)
        .join(Voter, Voter.id == Ballot.voter_id)
        .join(Election, Election.id == Voter.election_id)
        .where(Ballot.id.in_(ballot_ids))
    )
    return {
        ballot_id: _BallotContext(voter_id, state == BallotState.LIVE, deadline)
        for ballot_id, voter_id, state, deadline in rows
    }


def _lanes(session, lane_ids) -> dict[int, Lane]:
    lane_ids = {i for i in lane_ids if i is not None}
    if not lane_ids:
        return {}
    return {
        lane.id: lane
        for lane in session.scalars(select(Lane).where(Lane.id.in_(lane_ids)))
    }


def _rederive(session, items: list[Item], now: dt.datetime) -> list[int]:
    """Re-derive statuses and outlooks, outbox what follows; return changed ids."""
    if not items:
        return []
    facts = facts_by_item(session, [item.id for item in items])
    ballots = _ballots(session, {item.ballot_id for item in items})
    lanes = _lanes(session, {item.lane_id for item in items})
    messages, changed, delivered_ballots = [], [], set()
    for item in items:
        context = ballots[item.ballot_id]
        before = (item.status, item.at_risk)
        _apply(item, facts[item.id], context, lanes.get(item.lane_id), now)
        messages.extend(_messages(item, before, context, facts[item.id], now))
        if item.status != before[0]:
            changed.append(item.id)
            if item.leg == Leg.OUTBOUND and item.status == ItemStatus.DELIVERED:
                delivered_ballots.add(item.ballot_id)
    if messages:
        # A Core insert on the table: the ORM's bulk path adds nothing here.
        session.connection().execute(OutboxMessage.__table__.insert(), messages)
    schedule.start_return_polling(session, delivered_ballots, now)
    return changed


def _apply(item: Item, facts, context: _BallotContext, lane, now) -> None:
    status = derive(item.leg, facts, context.deadline)
    final = status in FINAL_STATUSES
    view = deadlines.outlook(
        item.leg,
        final,
        posted_at(facts),
        deadlines.lane_transit(lane),
        context.deadline,
        now,
    )
    item.event_count = len(set(facts))
    item.last_event_at = max((f.occurred_at for f in facts), default=None)
    item.expected_p50_at = view.expected_p50_at
    item.expected_p90_at = view.expected_p90_at
    item.at_risk = view.at_risk
    item.next_poll_at = schedule.next_poll(item, final, now)
    if status != item.status:
        item.status = status
        item.status_changed_at = now
        item.is_final = final


def _messages(item: Item, before, context: _BallotContext, facts, now) -> list[dict]:
    previous_status, was_at_risk = before
    common = {
        "item_id": item.id,
        "ballot_id": item.ballot_id,
        "voter_id": context.voter_id,
        "mission_id": item.mission_id,
        "leg": item.leg,
        "tracking_number": item.tracking_number,
    }
    messages = []
    if item.status != previous_status:
        payload = common | {
            "from": previous_status,
            "to": item.status,
            "occurred_at": _iso(item.last_event_at),
            "at_risk": item.at_risk,
        }
        messages.append(_message("item.status_changed", item, payload, now))
    if item.status in RECEIVED and previous_status not in RECEIVED:
        payload = common | {
            "on_time": item.status == ItemStatus.RECEIVED_ON_TIME,
            "counted": context.live,
            "received_at": _iso(_arrival(facts)),
        }
        messages.append(_message("ballot.received", item, payload, now))
    if item.at_risk and not was_at_risk:
        payload = common | {
            "expected_p90_at": _iso(item.expected_p90_at),
            "deadline": _iso(context.deadline),
        }
        messages.append(_message("item.at_risk", item, payload, now))
    return messages


def _arrival(facts) -> dt.datetime | None:
    return arrived_at(Leg.RETURN, facts)


def _message(topic: str, item: Item, payload: dict, now) -> dict:
    return {"topic": topic, "key": str(item.id), "payload": payload, "created_at": now}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
