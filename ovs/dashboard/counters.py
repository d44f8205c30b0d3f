"""Status counters maintained from the outbox, so the dashboard never counts items.

Each item is counted once, at the status it was created in, when the consumer
first sees its id; every ``item.status_changed`` message then moves one from its
``from`` status to its ``to`` status. The order of the two does not matter: a
message applied before its item was counted is balanced when the item is
counted at its first status. A transaction that commits after a later id was
already read would be skipped by the cursors, so ``rebuild`` recounts from the
items themselves; the scheduler runs it periodically and
``flask --app ovs dashboard rebuild`` runs it on demand.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import String
from sqlalchemy import cast
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from ovs import logs
from ovs.dashboard.upsert import add_counts
from ovs.models import Item
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models import StatusCount
from ovs.models import StatusFlow
from ovs.models import TrackingEvent
from ovs.models import TransitBucket
from ovs.postal.status import ItemStatus

log = logs.get(__name__)

TOPIC = "item.status_changed"
MESSAGES_CURSOR = "dashboard.messages"
ITEMS_CURSOR = "dashboard.items"
COUNT_KEYS = ("mission_id", "country", "partner_id", "leg", "status")
FLOW_KEYS = ("day", "mission_id", "leg", "status")
TRANSIT_KEYS = ("lane_id", "leg", "days")
ARRIVED = {
    ItemStatus.DELIVERED,
    ItemStatus.RECEIVED_ON_TIME,
    ItemStatus.RECEIVED_LATE,
}
# Advisory lock keys: one consumer at a time, and rebuilds exclude it.
_LOCK = 7402


@dataclass
class CatchUp:
    """What one catch-up pass read."""

    items: int = 0
    messages: int = 0


def catch_up(session, batch: int = 5000) -> CatchUp:
    """Count new items and apply new status changes; skip if another pass runs."""
    if not _try_lock(session):
        return CatchUp()
    result = CatchUp()
    result.items = _count_new_items(session, batch)
    result.messages = _apply_messages(session, batch)
    if result.items or result.messages:
        log.info("dashboard.caught_up", items=result.items, messages=result.messages)
    return result


def rebuild(session) -> int:
    """Recount every item from scratch; return how many counter rows differed."""
    _lock(session)
    before = _current_counts(session)
    session.execute(delete(StatusCount))
    grouped = select(
        Item.mission_id,
        Item.voter_country,
        Item.partner_id,
        Item.leg,
        Item.status,
        func.count(),
    ).group_by(
        Item.mission_id, Item.voter_country, Item.partner_id, Item.leg, Item.status
    )
    session.execute(insert(StatusCount).from_select([*COUNT_KEYS, "count"], grouped))
    _cursor(session, ITEMS_CURSOR).position = (
        session.scalar(select(func.max(Item.id))) or 0
    )
    _cursor(session, MESSAGES_CURSOR).position = (
        session.scalar(select(func.max(OutboxMessage.id))) or 0
    )
    after = _current_counts(session)
    drift = sum(1 for key in before.keys() | after.keys() if before[key] != after[key])
    log.info("dashboard.rebuilt", rows=len(after), drift=drift)
    return drift


def _current_counts(session) -> Counter:
    rows = session.execute(
        select(*(getattr(StatusCount, k) for k in COUNT_KEYS), StatusCount.count)
    )
    return Counter({tuple(row[:-1]): row[-1] for row in rows if row[-1]})


def _count_new_items(session, batch: int) -> int:
    cursor = _cursor(session, ITEMS_CURSOR)
    first_message = (
        select(OutboxMessage.payload)
        .where(OutboxMessage.topic == TOPIC)
        .where(OutboxMessage.key == cast(Item.id, String))
        .order_by(OutboxMessage.id)
        .limit(1)
        .correlate(Item)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Item.id,
            Item.mission_id,
            Item.voter_country,
            Item.partner_id,
            Item.leg,
            Item.status,
            first_message,
        )
        .where(Item.id > cursor.position)
        .order_by(Item.id)
        .limit(batch)
    ).all()
    deltas = Counter()
    for item_id, mission_id, country, partner_id, leg, status, first in rows:
        created_as = first["from"] if first else status
        deltas[(mission_id, country, partner_id, leg, created_as)] += 1
        cursor.position = item_id
    add_counts(session, StatusCount, COUNT_KEYS, deltas)
    return len(rows)


def _apply_messages(session, batch: int) -> int:
    cursor = _cursor(session, MESSAGES_CURSOR)
    messages = session.execute(
        select(OutboxMessage.id, OutboxMessage.payload, OutboxMessage.created_at)
        .where(OutboxMessage.id > cursor.position)
        .where(OutboxMessage.topic == TOPIC)
        .order_by(OutboxMessage.id)
        .limit(batch)
    ).all()
    if not messages:
        return 0
    items = _items(session, {m.payload["item_id"] for m in messages})
    counts, flows, arrived = Counter(), Counter(), []
    for message in messages:
        payload = message.payload
        item = items.get(payload["item_id"])
        if item is not None:
            key = (item.mission_id, item.voter_country, item.partner_id, item.leg)
            counts[(*key, payload["from"])] -= 1
            counts[(*key, payload["to"])] += 1
            day = message.created_at.date()
            flows[(day, item.mission_id, item.leg, payload["to"])] += 1
            if payload["to"] in ARRIVED and item.lane_id is not None:
                arrived.append(item)
    add_counts(session, StatusCount, COUNT_KEYS, counts)
    add_counts(session, StatusFlow, FLOW_KEYS, flows)
    add_counts(session, TransitBucket, TRANSIT_KEYS, _transit(session, arrived))
    cursor.position = messages[-1].id
    return len(messages)


def _items(session, ids: set[int]) -> dict[int, Item]:
    found = session.execute(
        select(
            Item.id,
            Item.mission_id,
            Item.voter_country,
            Item.partner_id,
            Item.leg,
            Item.lane_id,
        ).where(Item.id.in_(ids))
    )
    return {row.id: row for row in found}


def _transit(session, arrived: list) -> Counter:
    """Whole days from an item's first event to its last, per lane and leg."""
    if not arrived:
        return Counter()
    spans = {
        row[0]: row[1:]
        for row in session.execute(
            select(
                TrackingEvent.item_id,
                func.min(TrackingEvent.occurred_at),
                func.max(TrackingEvent.occurred_at),
            )
            .where(TrackingEvent.item_id.in_({i.id for i in arrived}))
            .where(TrackingEvent.code.is_not(None))
            .group_by(TrackingEvent.item_id)
        )
    }
    buckets = Counter()
    for item in arrived:
        first, last = spans.get(item.id, (None, None))
        if first is None:
            continue
        days = max(0, int((_aware(last) - _aware(first)).total_seconds() // 86400))
        buckets[(item.lane_id, item.leg, days)] += 1
    return buckets


def _aware(value):
    # Aggregates bypass the column type on SQLite and come back naive or as text.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _cursor(session, consumer: str) -> OutboxCursor:
    cursor = session.scalar(
        select(OutboxCursor).where(OutboxCursor.consumer == consumer)
    )
    if cursor is None:
        cursor = OutboxCursor(consumer=consumer, position=0)
        session.add(cursor)
        session.flush()
    return cursor


def _try_lock(session) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text(f"SELECT pg_try_advisory_xact_lock({_LOCK})")))


def _lock(session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))
