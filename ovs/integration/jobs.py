"""Periodic jobs: webhook fan-out and delivery, and the hourly counts."""

import datetime as dt

from flask import current_app

from ovs.extensions import db
from ovs.integration.counts import write_hourly_counts
from ovs.integration.delivery import DeliveryPolicy
from ovs.integration.delivery import deliver_due
from ovs.integration.fanout import fan_out
from ovs.models.base import utcnow
from ovs.scheduler import job


def delivery_policy(config) -> DeliveryPolicy:
    """The delivery policy the settings describe."""
    return DeliveryPolicy(
        timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
        base_delay=float(config["WEBHOOK_RETRY_BASE_SECONDS"]),
        max_delay=float(config["WEBHOOK_RETRY_MAX_SECONDS"]),
        give_up_after=dt.timedelta(hours=config["WEBHOOK_GIVE_UP_HOURS"]),
        allow_private=bool(config["WEBHOOK_ALLOW_PRIVATE"]),
        batch=int(config["WEBHOOK_BATCH"]),
    )


def run_webhooks(session, config, now: dt.datetime) -> dict:
    """One webhook round: fan the outbox out, then send what is due."""
    settle = dt.timedelta(seconds=config["FEED_SETTLE_SECONDS"])
    queued = fan_out(session, now=now, settle=settle)
    session.commit()
    result = deliver_due(session, now=now, policy=delivery_policy(config))
    return {"queued": queued, **result}


@job("webhooks.deliver", "WEBHOOK_TICK_SECONDS")
def deliver_webhooks() -> dict:
    """Scheduled: fan out and deliver webhooks."""
    return run_webhooks(db.session, current_app.config, utcnow())


@job("counts.hourly", "COUNTS_TICK_SECONDS")
def hourly_counts() -> int:
    """Scheduled: write each mission's counts to the outbox once an hour."""
    written = write_hourly_counts(db.session, utcnow())
    db.session.commit()
    return written
