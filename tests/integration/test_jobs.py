"""The integration jobs are registered with the scheduler and run one round each."""

import datetime as dt

from sqlalchemy import select

from ovs.integration.jobs import hourly_counts
from ovs.integration.jobs import run_webhooks
from ovs.models import OutboxMessage
from ovs.models import WebhookDelivery
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.scheduler import JOBS
from ovs.scheduler import build
from tests import factories


def test_the_jobs_are_scheduled_at_their_settings(app):
    scheduler = build(app)
    assert {"webhooks.deliver", "counts.hourly"} <= set(JOBS)
    assert JOBS["webhooks.deliver"].interval_setting == "WEBHOOK_TICK_SECONDS"
    assert scheduler.get_job("counts.hourly") is not None


def test_one_webhook_round_queues_and_tries_each_message(app, session):
    factories.webhook_subscriber(session, "http://127.0.0.1:9/closed")
    item = factories.ballot(session).items[0]
    factories.tracking_events(session, item, [EventCode.POSTED])
    later = utcnow() + dt.timedelta(minutes=5)
    config = {**app.config, "WEBHOOK_TIMEOUT_SECONDS": 1}
    result = run_webhooks(session, config, later)
    assert result == {"queued": 1, "sent": 0, "failed": 1}
    delivery = session.scalars(select(WebhookDelivery)).one()
    assert delivery.attempts == 1 and delivery.next_attempt_at > later


def test_the_hourly_job_writes_counts_to_the_outbox(app, session):
    factories.mission(session)
    with app.app_context():
        assert hourly_counts() >= 1
    topics = session.scalars(select(OutboxMessage.topic)).all()
    assert "counts.hourly" in topics
