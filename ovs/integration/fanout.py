"""Fan the outbox out into one delivery row per subscriber and message."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ovs import logs
from ovs.integration.feed import settled_horizon
from ovs.integration.subscribers import CONSUMER
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models import WebhookDelivery
from ovs.models import WebhookSubscriber

log = logs.get(__name__)


def fan_out(session, *, now: dt.datetime, settle: dt.timedelta) -> int:
    """Turn settled outbox messages into deliveries; return how many were queued."""
    cursor = _locked_cursor(session)
    horizon, _ = settled_horizon(
        session,
        OutboxMessage.id,
        OutboxMessage.created_at,
        after=cursor.position,
        now=now,
        settle=settle,
    )
    if horizon == cursor.position:
        return 0
    subscribers = list(
        session.scalars(select(WebhookSubscriber).where(WebhookSubscriber.active))
    )
    messages = session.execute(
        select(OutboxMessage.id, OutboxMessage.topic, OutboxMessage.key)
        .where(OutboxMessage.id > cursor.position, OutboxMessage.id <= horizon)
        .order_by(OutboxMessage.id)
    ).all()
    rows = [
        {
            "subscriber_id": sub.id,
            "outbox_id": message_id,
            "key": key,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for message_id, topic, key in messages
        for sub in subscribers
        if topic in sub.topics and message_id > sub.outbox_cursor
    ]
    _insert_new(session, rows)
    for sub in subscribers:
        sub.outbox_cursor = max(sub.outbox_cursor, horizon)
    cursor.position = horizon
    cursor.updated_at = now
    log.info("webhook.fanned_out", up_to=horizon, deliveries=len(rows))
    return len(rows)


def _locked_cursor(session) -> OutboxCursor:
    # FOR UPDATE makes concurrent fan-outs take turns on PostgreSQL.
    query = select(OutboxCursor).where(OutboxCursor.consumer == CONSUMER)
    cursor = session.scalar(query.with_for_update())
    if cursor is None:
        session.add(OutboxCursor(consumer=CONSUMER, position=0))
        session.flush()
        cursor = session.scalar(query.with_for_update())
    return cursor


def _insert_new(session, rows: list[dict]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for start in range(0, len(rows), 1000):
        session.execute(
            insert(WebhookDelivery)
            .values(rows[start : start + 1000])
            .on_conflict_do_nothing(index_elements=["subscriber_id", "outbox_id"])
        )
