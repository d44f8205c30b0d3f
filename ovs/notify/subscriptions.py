"""Subscribing to a ballot's news: ask, confirm by link, leave with one click.

A subscription's token is a keyed hash of the subscription's own fields, so the
sender can rebuild the links in every message while the database keeps only a
hash of it.
"""

import datetime as dt
import hashlib
import hmac

from email_validator import EmailNotValidError
from email_validator import validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.models import Notification
from ovs.models import Subscription
from ovs.models import Voter
from ovs.models.base import utcnow

log = logs.get(__name__)

CONFIRM = "confirm"
# Another confirmation message is not queued sooner than this after the last.
RESEND_AFTER = dt.timedelta(minutes=10)


def token(secret: str, subscription: Subscription) -> str:
    """The token in a subscription's confirm and unsubscribe links."""
    text = f"{subscription.voter_id}|{subscription.channel}|{subscription.address}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def email_address(raw: str | None) -> str:
    """A checked email address, or InvalidInput saying what a good one looks like."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(str(_l("Enter your email address.")))
    try:
        return validate_email(text[:254], check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput(
            str(_l("Enter an email address like name@example.com."))
        ) from None


def subscribe(
    session, secret: str, voter_id: int, channel: str, address: str, language: str
) -> Subscription:
    """Record the wish and queue the confirmation message (double opt-in)."""
    subscription = session.scalar(
        select(Subscription).where(
            Subscription.voter_id == voter_id,
            Subscription.channel == channel,
            Subscription.address == address,
        )
    )
    if subscription is None:
        subscription = Subscription(
            voter_id=voter_id, channel=channel, address=address, language=language
        )
        subscription.token_hash = _hash(token(secret, subscription))
        session.add(subscription)
        session.flush()
    subscription.language = language
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
    if subscription.confirmed_at is None and not _recently_asked(session, subscription):
        session.add(Notification(subscription_id=subscription.id, kind=CONFIRM))
    _audit(session, subscription, "notify.subscribe")
    log.info("notify.subscribed", subscription_id=subscription.id, channel=channel)
    return subscription


def _audit(session, subscription: Subscription, action: str) -> None:
    """Record a voter's own change; the address stays out of the log."""
    audit.record(
        session,
        actor=f"voter:{subscription.voter_id}",
        action=action,
        object_type="subscription",
        object_id=subscription.id,
        mission_id=session.scalar(
            select(Voter.mission_id).where(Voter.id == subscription.voter_id)
        ),
        details={"channel": subscription.channel},
    )


def _recently_asked(session, subscription: Subscription) -> bool:
    last = session.scalar(
        select(Notification.created_at)
        .where(
            Notification.subscription_id == subscription.id,
            Notification.kind == CONFIRM,
        )
        .order_by(Notification.created_at.desc())
        .limit(1)
    )
    return last is not None and utcnow() - last < RESEND_AFTER


def by_token(session, raw: str) -> Subscription:
    """The subscription a link's token names, or NotFound."""
    subscription = session.scalar(
        select(Subscription).where(Subscription.token_hash == _hash(raw or ""))
    )
    if subscription is None:
        raise NotFound(
            str(_l("This link is not valid. Copy the whole link from the message."))
        )
    return subscription


def confirm(session, raw: str) -> Subscription:
    """Turn on a subscription from its confirmation link."""
    subscription = by_token(session, raw)
    if subscription.unsubscribed_at is None and subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
        _audit(session, subscription, "notify.confirm")
        log.info("notify.confirmed", subscription_id=subscription.id)
    return subscription


def unsubscribe(session, raw: str) -> Subscription:
    """Turn off a subscription from its one-click link."""
    subscription = by_token(session, raw)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = utcnow()
        _audit(session, subscription, "notify.unsubscribe")
        log.info("notify.unsubscribed", subscription_id=subscription.id)
    return subscription


def is_active(subscription: Subscription) -> bool:
    """Whether messages about the ballot should go to this subscription."""
    return (
        subscription.confirmed_at is not None and subscription.unsubscribed_at is None
    )
