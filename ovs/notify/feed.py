"""The "notifications" outbox consumer: turns ballot news into queued messages.

It reads outbox rows after its cursor, but only rows older than a settle delay:
on PostgreSQL ids are taken when a row is inserted and become visible when its
transaction commits, so a lower id can appear after a higher one. Waiting until
rows have settled keeps the cursor from passing a row still in flight, and the
unique (subscription, outbox row) pair makes reading a row twice harmless.
"""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ovs import logs
from ovs.models import Ballot
from ovs.models import Notification
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models import Subscription
from ovs.models.base import utcnow
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

log = logs.get(__name__)

CONSUMER = "notifications"

# The status changes a voter hears about, by leg.
_STATUS_KINDS = {
    (Leg.OUTBOUND, S.POSTED): "sent",
    (Leg.OUTBOUND, S.DELIVERY_ATTEMPTED): "delivery_attempted",
    (Leg.OUTBOUND, S.DELIVERED): "delivered",
    (Leg.OUTBOUND, S.RETURNED_UNDELIVERABLE): "returned_undeliverable",
    (Leg.OUTBOUND, S.LOST): "lost",
    (Leg.RETURN, S.RECEIVED_ON_TIME): "return_received",
    (Leg.RETURN, S.RECEIVED_LATE): "return_late",
    (Leg.RETURN, S.LOST): "lost",
}


def kind_of(message: OutboxMessage) -> str | None:
    """The notification an outbox row calls for, or None when voters need none.

    Receipt is told from the return item's status change, so ``ballot.received``
    is not read as well and the voter hears it once.
    """
    payload = message.payload or {}
    if message.topic == "item.at_risk":
        return "at_risk"
    if message.topic == "item.status_changed":
        return _STATUS_KINDS.get((payload.get("leg"), payload.get("to")))
    return None


def _cursor(session) -> OutboxCursor:
    cursor = session.scalar(
        select(OutboxCursor).where(OutboxCursor.consumer == CONSUMER).with_for_update()
    )
    if cursor is None:
        cursor = OutboxCursor(consumer=CONSUMER, position=0)
        session.add(cursor)
        session.flush()
    return cursor


def read(session, *, settle_seconds: float, batch: int, now=None) -> int:
    """Queue a notification per active subscriber for each settled outbox row."""
    now = now or utcnow()
    cursor = _cursor(session)
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.id > cursor.position,
            OutboxMessage.created_at <= now - dt.timedelta(seconds=settle_seconds),
        )
        .order_by(OutboxMessage.id)
        .limit(batch)
    ).all()
    queued = 0
    for row in rows:
        kind = kind_of(row)
        if kind:
            queued += _queue(session, row, kind)
    if rows:
        cursor.position = rows[-1].id
    log.info("notify.feed", read=len(rows), queued=queued, position=cursor.position)
    return queued


def _voter_id(session, payload: dict) -> int | None:
    if payload.get("voter_id"):
        return payload["voter_id"]
    return session.scalar(
        select(Ballot.voter_id).where(Ballot.id == payload.get("ballot_id"))
    )


def _queue(session, row: OutboxMessage, kind: str) -> int:
    voter_id = _voter_id(session, row.payload or {})
    targets = session.scalars(
        select(Subscription.id).where(
            Subscription.voter_id == voter_id,
            Subscription.confirmed_at.is_not(None),
            Subscription.unsubscribed_at.is_(None),
        )
    ).all()
    if not targets:
        return 0
    insert = (
        pg_insert
        if session.get_bind().dialect.name == "postgresql"
        else (sqlite_insert)
    )
    statement = (
        insert(Notification)
        .values(
            [
                {
                    "subscription_id": target,
                    "outbox_id": row.id,
                    "kind": kind,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": utcnow(),
                    "created_at": utcnow(),
                }
                for target in targets
            ]
        )
        .on_conflict_do_nothing(index_elements=["subscription_id", "outbox_id"])
        .returning(Notification.id)
    )
    return len(session.scalars(statement).all())
