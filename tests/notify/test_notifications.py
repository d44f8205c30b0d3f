"""Ballot news reaches subscribers: outbox to queue, queue to SMTP or a gateway."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.models import Notification
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models.base import utcnow
from ovs.notify import channels
from ovs.notify import feed
from ovs.notify import sender
from ovs.notify import subscriptions
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from ovs.postal.status import Leg
from ovs.scheduler import JOBS
from ovs.scheduler import _load_job_modules
from tests import factories

LATER = dt.timedelta(minutes=1)


@pytest.fixture
def ctx(app, session):
    with app.test_request_context():
        yield


@pytest.fixture
def config(app, smtp_server):
    settings = dict(app.config)
    settings.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    return settings


@pytest.fixture
def ballot(session):
    return factories.ballot(session)


def leg(ballot, which):
    return next(item for item in ballot.items if item.leg == which)


def read_feed(session, settle=0):
    return feed.read(session, settle_seconds=settle, batch=500, now=utcnow() + LATER)


def queued(session):
    return session.scalars(
        select(Notification.kind).where(Notification.outbox_id.is_not(None))
    ).all()


def test_each_meaningful_change_queues_one_message_per_subscriber(ctx, session, ballot):
    voter = ballot.voter
    factories.subscription(session, voter)
    factories.subscription(session, voter, confirmed=False)
    out, back = leg(ballot, Leg.OUTBOUND), leg(ballot, Leg.RETURN)
    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    factories.event(session, out, E.POSTED, base)
    factories.event(session, out, E.DEPARTED_OUTWARD_OE, base + dt.timedelta(days=1))
    factories.event(
        session,
        out,
        E.DELIVERY_ATTEMPTED,
        base + dt.timedelta(days=3),
        measure=Measure.HELD_FOR_COLLECTION,
    )
    factories.event(session, out, E.DELIVERED, base + dt.timedelta(days=4))
    factories.event(session, back, E.DELIVERED, base + dt.timedelta(days=9))
    read_feed(session)
    assert queued(session) == [
        "sent",
        "delivery_attempted",
        "delivered",
        "return_received",
    ]


def test_at_risk_messages_are_queued(ctx, session, ballot):
    factories.subscription(session, ballot.voter)
    session.add(
        OutboxMessage(
            topic="item.at_risk",
            key=str(ballot.items[0].id),
            payload={"item_id": ballot.items[0].id, "ballot_id": ballot.id},
        )
    )
    session.flush()
    read_feed(session)
    assert queued(session) == ["at_risk"]


def test_rows_younger_than_the_settle_delay_wait_for_the_next_run(ctx, session, ballot):
    factories.subscription(session, ballot.voter)
    factories.event(session, leg(ballot, Leg.OUTBOUND), E.POSTED)
    assert feed.read(session, settle_seconds=30, batch=500) == 0
    assert queued(session) == []
    assert read_feed(session, settle=30) == 1


def test_reading_the_same_rows_again_queues_nothing_twice(ctx, session, ballot):
    factories.subscription(session, ballot.voter)
    factories.event(session, leg(ballot, Leg.OUTBOUND), E.POSTED)
    read_feed(session)
    cursor = session.scalar(
        select(OutboxCursor).where(OutboxCursor.consumer == "notifications")
    )
    cursor.position = 0
    read_feed(session)
    assert queued(session) == ["sent"]


def test_confirmation_then_news_arrive_by_smtp_in_the_voters_language(
    app, ctx, session, ballot, config, smtp_server
):
    subscription = subscriptions.subscribe(
        session,
        app.config["SECRET_KEY"],
        ballot.voter_id,
        "email",
        "v@example.org",
        "id",
    )
    assert sender.send_due(
        session, channels=channels.from_config(config), config=config
    )
    ((rcpt, confirm),) = smtp_server.inbox.messages
    assert rcpt == ["v@example.org"]
    assert confirm["Subject"] == "Konfirmasi kabar tentang surat suara pos Anda"
    token = subscriptions.token(app.config["SECRET_KEY"], subscription)
    assert f"/notify/confirm/{token}" in confirm.get_content()

    subscriptions.confirm(session, token)
    factories.event(session, leg(ballot, Leg.OUTBOUND), E.POSTED)
    read_feed(session)
    sender.send_due(session, channels=channels.from_config(config), config=config)
    news = smtp_server.inbox.messages[1][1]
    assert news["Subject"] == "Surat suara Anda dalam perjalanan"
    assert news["List-Unsubscribe"] == (
        f"<{app.config['PUBLIC_BASE_URL']}/notify/unsubscribe/{token}>"
    )
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Surat suara Anda sudah berangkat dari perwakilan" in news.get_content()
    assert ballot.voter.full_name not in news.get_content()


def test_a_failed_send_is_retried_later_then_given_up(ctx, session, ballot, config):
    subscription = factories.subscription(session, ballot.voter)
    note = Notification(subscription_id=subscription.id, kind="sent")
    session.add(note)
    session.flush()
    broken = dict(config, SMTP_PORT=1, NOTIFY_MAX_ATTEMPTS=3)
    now = utcnow()
    sender.send_due(
        session, channels=channels.from_config(broken), config=broken, now=now
    )
    assert (note.status, note.attempts) == ("pending", 1)
    assert note.next_attempt_at == now + dt.timedelta(seconds=30)
    assert "SMTP 127.0.0.1:1" in note.last_error
    for _ in range(2):
        sender.send_due(
            session,
            channels=channels.from_config(broken),
            config=broken,
            now=note.next_attempt_at,
        )
    assert (note.status, note.attempts) == ("failed", 3)


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 30), (2, 60), (5, 480), (12, 3600)]
)
def test_backoff_doubles_up_to_an_hour(attempts, seconds):
    assert sender.backoff(attempts) == dt.timedelta(seconds=seconds)


def test_an_unsubscribed_voter_gets_nothing_more(
    ctx, session, ballot, config, smtp_server
):
    subscription = factories.subscription(session, ballot.voter)
    session.add(Notification(subscription_id=subscription.id, kind="sent"))
    subscription.unsubscribed_at = utcnow()
    session.flush()
    sender.send_due(session, channels=channels.from_config(config), config=config)
    assert smtp_server.inbox.messages == []


def test_the_gateway_channel_posts_json_with_a_bearer_token(
    ctx, session, ballot, config, gateway
):
    subscription = factories.subscription(
        session, ballot.voter, channel="sms", address="+60123456789", language="en"
    )
    session.add(Notification(subscription_id=subscription.id, kind="delivered"))
    session.flush()
    settings = dict(config, NOTIFY_GATEWAY_URL=gateway.url, NOTIFY_GATEWAY_TOKEN="tok")
    gateway.answers = [503]
    sent = sender.send_due(
        session, channels=channels.from_config(settings), config=settings
    )
    assert sent == 0
    sender.send_due(
        session,
        channels=channels.from_config(settings),
        config=settings,
        now=utcnow() + dt.timedelta(minutes=5),
    )
    (auth, body), (_, again) = gateway.received
    assert auth == "Bearer tok"
    assert body == again
    assert body["to"] == "+60123456789"
    assert body["kind"] == "delivered"
    assert body["language"] == "en"
    assert body["text"].startswith("Your ballot was delivered\n")


def test_the_notification_job_is_registered():
    _load_job_modules()
    assert JOBS["notify.run"].interval_setting == "NOTIFY_TICK_SECONDS"


def test_the_job_reads_sends_and_tidies_in_one_run(
    app, ctx, session, ballot, smtp_server
):
    from ovs.models import AttemptCounter
    from ovs.notify.jobs import run

    factories.subscription(session, ballot.voter, address="job@example.org")
    factories.event(session, leg(ballot, Leg.OUTBOUND), E.POSTED)
    stale = utcnow() - dt.timedelta(days=1)
    session.add(AttemptCounter(key="addr:192.0.2.9", window_start=stale, count=3))
    session.flush()
    saved = {k: app.config[k] for k in ("SMTP_PORT", "NOTIFY_SETTLE_SECONDS")}
    app.config.update(SMTP_PORT=smtp_server.port, NOTIFY_SETTLE_SECONDS=0)
    try:
        run()
    finally:
        app.config.update(saved)
    ((rcpt, email),) = smtp_server.inbox.messages
    assert rcpt == ["job@example.org"]
    assert email["Subject"] == "Surat suara Anda dalam perjalanan"
    assert session.scalars(select(AttemptCounter.key)).all() == []
