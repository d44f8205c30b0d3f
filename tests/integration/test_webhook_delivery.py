"""Webhooks reach a real receiver once per event id and in order, after downtime."""

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import select

from ovs.integration import signing
from ovs.integration.delivery import DeliveryPolicy
from ovs.integration.delivery import body_for
from ovs.integration.delivery import deliver_due
from ovs.integration.delivery import event_id
from ovs.integration.delivery import retry_delay
from ovs.integration.fanout import fan_out
from ovs.models import OutboxMessage
from ovs.models import WebhookDelivery
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from tests import factories
from tests.integration.receiver import Receiver
from tests.integration.receiver import free_port_is_closed

SETTLE = dt.timedelta(seconds=60)
POLICY = DeliveryPolicy(timeout=3.0, base_delay=10, max_delay=3600, allow_private=True)
JOURNEY = [
    EventCode.POSTED,
    EventCode.DEPARTED_OUTWARD_OE,
    EventCode.ARRIVED_DELIVERY_OFFICE,
    EventCode.OUT_FOR_DELIVERY,
    EventCode.DELIVERED,
]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


def _round(session, clock, policy=POLICY):
    fan_out(session, now=clock(), settle=SETTLE)
    session.commit()
    return deliver_due(session, now=clock(), policy=policy, clock=clock)


def _outbound_items(session, count):
    mission = factories.mission(session)
    partner = factories.partner(session)
    ballots = [
        factories.ballot(session, factories.voter(session, mission), partner)
        for _ in range(count)
    ]
    return [next(i for i in b.items if i.leg == "outbound") for b in ballots]


def _journey(session, item, codes, start_hour):
    # One ingest per event, as events arrive over time: one status change each.
    for n, code in enumerate(codes):
        start = dt.datetime(2027, 1, 8, start_hour + n, tzinfo=dt.UTC)
        factories.tracking_events(session, item, [code], start=start)


def test_a_receiver_down_then_slow_then_up_gets_everything_once_in_order(
    session, clock
):
    items = _outbound_items(session, 3)
    subscriber, secret = factories.webhook_subscriber(session, "http://placeholder")
    receiver = Receiver(secret, clock)
    subscriber.url = receiver.url
    for item in items:
        _journey(session, item, JOURNEY[:2], start_hour=1)
    session.commit()

    # Down for six hours: nothing arrives, messages keep coming, nothing is lost.
    receiver.stop()
    assert free_port_is_closed(receiver.port)
    for step in range(36):
        clock.advance(minutes=10)
        if step == 12:
            for item in items:
                _journey(session, item, JOURNEY[2:4], start_hour=5)
            session.commit()
        assert _round(session, clock)["sent"] == 0
    pending = session.scalars(select(WebhookDelivery)).all()
    assert {d.status for d in pending} == {"pending"}
    assert max(d.attempts for d in pending) > 3
    assert all(
        "could not reach the receiver" in d.last_error for d in pending if d.attempts
    )

    # Back, but answering 503 for a while, then slowly, then normally.
    receiver.start()
    receiver.mode = "failing"
    for _ in range(3):
        clock.advance(hours=1)
        assert _round(session, clock)["sent"] == 0
    receiver.mode = "slow"
    clock.advance(hours=1)
    _round(session, clock, DeliveryPolicy(**{**POLICY.__dict__, "batch": 3}))
    receiver.mode = "up"
    for item in items:
        _journey(session, item, JOURNEY[4:], start_hour=9)
    session.commit()
    for _ in range(6):
        clock.advance(hours=1)
        _round(session, clock)
    receiver.stop()

    messages = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.topic == "item.status_changed")
        .where(OutboxMessage.key.in_([str(i.id) for i in items]))
        .order_by(OutboxMessage.id)
    ).all()
    ids = [r["event_id"] for r in receiver.received]
    assert len(ids) == len(set(ids)), "an event id arrived twice"
    assert sorted(ids) == sorted(event_id(m.id) for m in messages)
    assert all(r["signed"] for r in receiver.received)
    per_item = defaultdict(list)
    for r in receiver.received:
        per_item[r["envelope"]["data"]["item_id"]].append(r["envelope"]["data"]["to"])
    for item in items:
        expected = [m.payload["to"] for m in messages if m.key == str(item.id)]
        assert per_item[item.id] == expected
        assert expected[-1] == "delivered"
    statuses = session.scalars(select(WebhookDelivery.status)).all()
    assert set(statuses) == {"delivered"}


def test_a_failing_message_holds_back_its_item_but_not_others(session, clock):
    first, second = _outbound_items(session, 2)
    subscriber, secret = factories.webhook_subscriber(session, "http://placeholder")
    receiver = Receiver(secret, clock)
    subscriber.url = receiver.url
    patient = DeliveryPolicy(timeout=3.0, base_delay=600, allow_private=True)
    _journey(session, first, JOURNEY[:2], start_hour=1)
    session.commit()
    clock.advance(minutes=2)
    receiver.mode = "failing"
    _round(session, clock, patient)
    receiver.mode = "up"
    _journey(session, second, JOURNEY[:1], start_hour=1)
    session.commit()
    clock.advance(minutes=2)
    _round(session, clock, patient)

    # The first item's head failed and is not due yet: its second message waits,
    # while the second item's message goes through.
    got = [r["envelope"]["data"]["item_id"] for r in receiver.received]
    assert got == [second.id]
    clock.advance(hours=2)
    _round(session, clock, patient)
    got = [r["envelope"]["data"] for r in receiver.received]
    assert [(d["item_id"], d["to"]) for d in got[1:]] == [
        (first.id, "posted"),
        (first.id, "in_transit"),
    ]
    receiver.stop()


def test_fan_out_twice_queues_each_message_once(session, clock):
    (item,) = _outbound_items(session, 1)
    factories.webhook_subscriber(session, "http://placeholder")
    _journey(session, item, JOURNEY[:3], start_hour=1)
    clock.advance(minutes=5)
    first = fan_out(session, now=clock(), settle=SETTLE)
    again = fan_out(session, now=clock(), settle=SETTLE)
    assert (first, again) == (3, 0)


def test_messages_of_other_topics_are_not_queued(session, clock):
    (item,) = _outbound_items(session, 1)
    factories.webhook_subscriber(
        session, "http://placeholder", topics=["counts.hourly"]
    )
    _journey(session, item, JOURNEY[:2], start_hour=1)
    clock.advance(minutes=5)
    assert fan_out(session, now=clock(), settle=SETTLE) == 0


def test_a_delivery_is_given_up_after_the_retry_budget(session, clock):
    (item,) = _outbound_items(session, 1)
    factories.webhook_subscriber(session, "http://127.0.0.1:9/closed")
    _journey(session, item, JOURNEY[:1], start_hour=1)
    clock.advance(minutes=5)
    short = DeliveryPolicy(
        timeout=1, give_up_after=dt.timedelta(hours=1), allow_private=True
    )
    _round(session, clock, short)
    clock.advance(hours=2)
    _round(session, clock, short)
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    assert delivery.status == "failed"
    assert delivery.attempts == 2


@pytest.mark.parametrize("attempts", [1, 2, 5, 12, 30])
def test_retry_delays_grow_exponentially_with_jitter_and_a_cap(attempts):
    ceiling = min(3600, 10 * 2 ** (attempts - 1))
    delays = {retry_delay(attempts, POLICY).total_seconds() for _ in range(20)}
    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len(delays) > 1


def test_the_signature_covers_the_raw_body_and_time(session):
    (item,) = _outbound_items(session, 1)
    _journey(session, item, JOURNEY[:1], start_hour=1)
    message = session.scalars(select(OutboxMessage)).first()
    body = body_for(message)
    header = signing.signature("whsec_test", 1_800_000_000, body)
    assert signing.verify("whsec_test", header, body, now=1_800_000_100)
    assert not signing.verify("whsec_test", header, body + b" ", now=1_800_000_100)
    assert not signing.verify("whsec_other", header, body, now=1_800_000_100)
    assert not signing.verify("whsec_test", header, body, now=1_800_001_000)
    assert not signing.verify("whsec_test", "garbage", body, now=1_800_000_000)


def test_a_receiver_slower_than_the_timeout_gets_a_repeat_with_the_same_id(
    session, clock
):
    (item,) = _outbound_items(session, 1)
    subscriber, secret = factories.webhook_subscriber(session, "http://placeholder")
    receiver = Receiver(secret, clock)
    subscriber.url = receiver.url
    _journey(session, item, JOURNEY[:3], start_hour=1)
    session.commit()
    hasty = DeliveryPolicy(timeout=0.3, base_delay=10, allow_private=True)

    # The receiver stores the first message but answers after OVS gave up.
    receiver.mode, receiver.slow_seconds = "slow", 0.6
    clock.advance(minutes=2)
    assert _round(session, clock, hasty) == {"sent": 0, "failed": 1}
    receiver.mode = "up"
    for _ in range(3):
        clock.advance(minutes=5)
        _round(session, clock, hasty)
    receiver.stop()

    ids = [r["event_id"] for r in receiver.received]
    assert ids[0] == ids[1], "the timed-out message is sent again, same id"
    first_seen = list(dict.fromkeys(ids))
    statuses = [r["envelope"]["data"]["to"] for r in receiver.received[1:]]
    assert len(first_seen) == 3 and statuses == [
        "posted",
        "in_transit",
        "at_delivery_office",
    ]


def test_a_url_that_now_resolves_to_a_private_address_is_not_posted_to(session, clock):
    (item,) = _outbound_items(session, 1)
    factories.webhook_subscriber(session, "http://127.0.0.1:9/hook")
    _journey(session, item, JOURNEY[:1], start_hour=1)
    clock.advance(minutes=5)
    strict = DeliveryPolicy(timeout=1, allow_private=False)
    assert _round(session, clock, strict) == {"sent": 0, "failed": 1}
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    assert delivery.status == "pending"
    assert delivery.last_error == (
        "The webhook URL's host 127.0.0.1 is 127.0.0.1, a loopback address; "
        "OVS posts webhooks only to public addresses."
    )
