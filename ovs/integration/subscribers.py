"""Webhook subscribers: who is told, at which URL, about which topics."""

import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models import WebhookSubscriber

log = logs.get(__name__)

TOPICS = ("item.status_changed", "ballot.received", "item.at_risk", "counts.hourly")
CONSUMER = "webhooks"


class UnsafeUrl(InvalidInput):
    """A subscriber URL that OVS must not call."""


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL if OVS may post to it; ``UnsafeUrl`` saying why not otherwise."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnsafeUrl(
            f"The webhook URL must start with http:// or https:// and name a host; "
            f"got {url[:200]!r}."
        )
    if allow_private:
        return url
    for address in _addresses(parts.hostname, parts.port):
        kind = _private_kind(address)
        if kind:
            raise UnsafeUrl(
                f"The webhook URL's host {parts.hostname} is {address}, {kind}; "
                "OVS posts webhooks only to public addresses."
            )
    return url


def _addresses(host: str, port: int | None) -> set:
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrl(
            f"The webhook URL's host {host!r} does not resolve; check its spelling."
        ) from None
    return {ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos}


def _private_kind(address) -> str | None:
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private or address.is_reserved or address.is_unspecified:
        return "a private address"
    if address.is_multicast:
        return "a multicast address"
    return None


def add_subscriber(
    session, *, name: str, url: str, topics: list[str], actor: str, allow_private: bool
) -> tuple[WebhookSubscriber, str]:
    """Register a subscriber; return it with its signing secret, shown only now."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("Give the subscriber a name that says which system it is.")
    url = check_url(url, allow_private=allow_private)
    topics = _checked_topics(topics)
    secret = "whsec_" + secrets.token_hex(32)
    subscriber = WebhookSubscriber(
        name=name[:120],
        url=url,
        topics=topics,
        secret=secret,
        # It hears of what happens from now on, not the outbox's history.
        outbox_cursor=_outbox_now(session),
    )
    session.add(subscriber)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="webhook.subscriber_added",
        object_type="webhook_subscriber",
        object_id=subscriber.id,
        details={"name": subscriber.name, "url": url, "topics": topics},
    )
    log.info("webhook.subscriber_added", subscriber_id=subscriber.id, topics=topics)
    return subscriber, secret


def remove_subscriber(session, *, ref: str, actor: str) -> WebhookSubscriber:
    """Stop delivering to a subscriber; its delivery log stays."""
    subscriber = find_subscriber(session, ref)
    if subscriber.active:
        subscriber.active = False
        audit.record(
            session,
            actor=actor,
            action="webhook.subscriber_removed",
            object_type="webhook_subscriber",
            object_id=subscriber.id,
            details={"name": subscriber.name},
        )
        log.info("webhook.subscriber_removed", subscriber_id=subscriber.id)
    return subscriber


def find_subscriber(session, ref: str) -> WebhookSubscriber:
    """One subscriber by id or name."""
    ref = str(ref).strip()
    condition = WebhookSubscriber.name == ref
    if ref.isdigit():
        condition = or_(condition, WebhookSubscriber.id == int(ref))
    subscriber = session.scalar(
        select(WebhookSubscriber).where(condition).order_by(WebhookSubscriber.id.desc())
    )
    if subscriber is None:
        raise NotFound(
            f"No webhook subscriber with id or name {ref!r}; "
            "list them with: flask --app ovs webhook list"
        )
    return subscriber


def list_subscribers(session, *, include_removed: bool = False):
    """Subscribers, newest first."""
    query = select(WebhookSubscriber).order_by(WebhookSubscriber.id.desc())
    if not include_removed:
        query = query.where(WebhookSubscriber.active.is_(True))
    return list(session.scalars(query))


def _checked_topics(topics: list[str]) -> list[str]:
    if not topics:
        raise InvalidInput(f"Choose at least one topic: {', '.join(TOPICS)}.")
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise InvalidInput(
            f"Unknown topic {unknown[0]!r}; choose from: {', '.join(TOPICS)}."
        )
    return sorted(set(topics), key=TOPICS.index)


def _outbox_now(session) -> int:
    cursor = session.scalar(
        select(OutboxCursor.position).where(OutboxCursor.consumer == CONSUMER)
    )
    if cursor is not None:
        return cursor
    return session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0)))
