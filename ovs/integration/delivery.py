"""Posting deliveries to subscribers: signed, retried with backoff, in order per key.

A delivery is sent only when it is the oldest pending one for its subscriber
and key, so a receiver sees an item's messages in the order they happened even
after hours of downtime. A delivery that keeps failing is retried with
exponential backoff and jitter, up to a give-up age after which it is marked
failed and no longer holds back the messages behind it.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass

import requests
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ovs import audit
from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.integration import signing
from ovs.integration.subscribers import check_url
from ovs.models import OutboxMessage
from ovs.models import WebhookDelivery
from ovs.models import WebhookSubscriber

log = logs.get(__name__)

USER_AGENT = "OVS-Webhooks/1"
# Deliveries sent between commits.
CHUNK = 50


@dataclass(frozen=True)
class DeliveryPolicy:
    """How deliveries are sent and retried."""

    timeout: float = 10.0
    base_delay: float = 10.0
    max_delay: float = 3600.0
    give_up_after: dt.timedelta = dt.timedelta(days=3)
    batch: int = 200
    allow_private: bool = False


def event_id(outbox_id: int) -> str:
    """The id a receiver de-duplicates on: the same for every retry."""
    return f"evt_{outbox_id}"


def body_for(message: OutboxMessage) -> bytes:
    """The JSON body a subscriber receives for an outbox message."""
    envelope = {
        "id": event_id(message.id),
        "topic": message.topic,
        "created_at": message.created_at.isoformat().replace("+00:00", "Z"),
        "data": message.payload,
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def retry_delay(attempts: int, policy: DeliveryPolicy, rng=random) -> dt.timedelta:
    """Exponential backoff capped at ``max_delay``, with half of it random."""
    ceiling = min(policy.max_delay, policy.base_delay * 2 ** max(0, attempts - 1))
    return dt.timedelta(seconds=ceiling / 2 + rng.random() * ceiling / 2)


def deliver_due(session, *, now: dt.datetime, policy: DeliveryPolicy, clock=None):
    """Send due deliveries, oldest first, each the head of its key; return counts."""
    clock = clock or (lambda: now)
    counts = {"sent": 0, "failed": 0}
    refusing: set[int] = set()
    budget = policy.batch
    with requests.Session() as http:
        while budget > 0:
            due = _due_heads(session, now, refusing, min(budget, CHUNK))
            if not due:
                break
            for delivery, message, subscriber in due:
                budget -= 1
                if subscriber.id in refusing:
                    continue
                if _attempt(http, delivery, message, subscriber, clock(), policy):
                    counts["sent"] += 1
                else:
                    counts["failed"] += 1
                    # One failure says the receiver is down: spare it the rest
                    # of this run.
                    refusing.add(subscriber.id)
            # A crash before this commit resends at most one chunk, with the
            # same event ids, which receivers drop as repeats.
            session.commit()
    return counts


def _due_heads(session, now, refusing: set[int], limit: int):
    earlier = aliased(WebhookDelivery)
    blocked = exists(
        select(earlier.id).where(
            and_(
                earlier.subscriber_id == WebhookDelivery.subscriber_id,
                earlier.key == WebhookDelivery.key,
                earlier.status == "pending",
                earlier.outbox_id < WebhookDelivery.outbox_id,
            )
        )
    )
    query = (
        select(WebhookDelivery, OutboxMessage, WebhookSubscriber)
        .join(OutboxMessage, OutboxMessage.id == WebhookDelivery.outbox_id)
        .join(WebhookSubscriber, WebhookSubscriber.id == WebhookDelivery.subscriber_id)
        .where(WebhookDelivery.status == "pending")
        .where(WebhookDelivery.next_attempt_at <= now)
        .where(WebhookSubscriber.active.is_(True))
        .where(~blocked)
        .order_by(WebhookDelivery.outbox_id, WebhookDelivery.id)
        .limit(limit)
    )
    if refusing:
        query = query.where(WebhookDelivery.subscriber_id.not_in(refusing))
    if session.get_bind().dialect.name == "postgresql":
        # Two delivery runs never post the same row at once.
        query = query.with_for_update(of=WebhookDelivery, skip_locked=True)
    return session.execute(query).all()


def _attempt(http, delivery, message, subscriber, now, policy) -> bool:
    body = body_for(message)
    delivery.attempts += 1
    try:
        check_url(subscriber.url, allow_private=policy.allow_private)
        response = http.post(
            subscriber.url,
            data=body,
            headers=_headers(subscriber, message, body, now),
            timeout=policy.timeout,
            allow_redirects=False,
        )
        ok = 200 <= response.status_code < 300
        delivery.last_status_code = response.status_code
        delivery.last_error = None if ok else f"HTTP {response.status_code}"
    except InvalidInput as exc:
        ok = False
        delivery.last_status_code = None
        delivery.last_error = exc.message
    except requests.RequestException as exc:
        ok = False
        delivery.last_status_code = None
        delivery.last_error = f"{type(exc).__name__}: could not reach the receiver"
    if ok:
        delivery.status = "delivered"
        delivery.delivered_at = now
        log.info(
            "webhook.delivered", delivery_id=delivery.id, attempts=delivery.attempts
        )
        return True
    _schedule_retry(delivery, now, policy)
    return False


def _headers(subscriber, message, body: bytes, now: dt.datetime) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_ID_HEADER: event_id(message.id),
        signing.TOPIC_HEADER: message.topic,
        signing.SIGNATURE_HEADER: signing.signature(
            subscriber.secret, int(now.timestamp()), body
        ),
    }


def _schedule_retry(delivery, now, policy) -> None:
    if now - delivery.created_at >= policy.give_up_after:
        delivery.status = "failed"
        log.warning(
            "webhook.given_up",
            delivery_id=delivery.id,
            attempts=delivery.attempts,
            error=delivery.last_error,
        )
        return
    delivery.next_attempt_at = now + retry_delay(delivery.attempts, policy)
    log.info(
        "webhook.retry_scheduled",
        delivery_id=delivery.id,
        attempts=delivery.attempts,
        error=delivery.last_error,
    )


def redeliver(session, delivery_id: int, *, now: dt.datetime, actor: str):
    """Put a failed delivery back in the queue, to be sent at the next run."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound(f"No webhook delivery with the id {delivery_id}.")
    delivery.status = "pending"
    delivery.next_attempt_at = now
    delivery.created_at = now
    audit.record(
        session,
        actor=actor,
        action="webhook.redelivery_requested",
        object_type="webhook_delivery",
        object_id=delivery.id,
    )
    return delivery
