"""Sending queued notifications through their channel, retrying with backoff.

A notification is ``pending`` until a channel accepts it (``sent``), or until it
has failed ``NOTIFY_MAX_ATTEMPTS`` times (``failed``); one whose subscription
was turned off before it went out becomes ``cancelled``. Waits double after each
failure, from 30 seconds up to an hour.
"""

import datetime as dt

from sqlalchemy import select

from ovs import logs
from ovs.models import Notification
from ovs.models import Subscription
from ovs.models.base import utcnow
from ovs.notify import messages
from ovs.notify import subscriptions
from ovs.notify.channels import ChannelError

log = logs.get(__name__)

FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def next_due(session, now: dt.datetime) -> Notification | None:
    """The oldest pending notification whose time has come, locked for this sender."""
    return session.scalar(
        select(Notification)
        .where(Notification.status == "pending", Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(1)
        # SKIP LOCKED so two schedulers never send the same message twice.
        .with_for_update(skip_locked=True)
    )


def send_due(session, *, channels, config, now: dt.datetime | None = None) -> int:
    """Try each due notification once, committing after each; return how many went.

    One row per transaction: a message handed to a channel is recorded as sent
    before the next is tried, so a crash never sends one twice.
    """
    session.flush()
    now = now or utcnow()
    sent = 0
    for _ in range(config["NOTIFY_BATCH"]):
        notification = next_due(session, now)
        if notification is None:
            break
        sent += _attempt(session, notification, channels, config, now)
        session.commit()
    return sent


def _attempt(session, notification, channels, config, now) -> int:
    subscription = session.get(Subscription, notification.subscription_id)
    wanted = notification.kind == subscriptions.CONFIRM or subscriptions.is_active(
        subscription
    )
    if not wanted or subscription.unsubscribed_at is not None:
        notification.status = "cancelled"
        return 0
    channel = channels.get(subscription.channel)
    message = messages.render(
        notification.kind,
        to=subscription.address,
        language=subscription.language,
        base_url=config["PUBLIC_BASE_URL"],
        token=subscriptions.token(config["SECRET_KEY"], subscription),
    )
    notification.attempts += 1
    try:
        if channel is None:
            raise ChannelError(f"no {subscription.channel} channel is configured")
        channel.send(message)
    except ChannelError as error:
        _failed(notification, str(error), config["NOTIFY_MAX_ATTEMPTS"], now)
        return 0
    notification.status = "sent"
    notification.sent_at = now
    notification.last_error = None
    log.info(
        "notify.sent",
        notification_id=notification.id,
        kind=notification.kind,
        channel=subscription.channel,
    )
    return 1


def _failed(notification, error: str, max_attempts: int, now) -> None:
    notification.last_error = error[:2000]
    if notification.attempts >= max_attempts:
        notification.status = "failed"
    else:
        notification.next_attempt_at = now + backoff(notification.attempts)
    log.warning(
        "notify.send_failed",
        notification_id=notification.id,
        attempts=notification.attempts,
        status=notification.status,
        error=error[:200],
    )
