"""The poller: due items, batch sizes, rate limits, priorities, back-off, circuit."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.models import Item
from ovs.models import PartnerPost
from ovs.models.base import utcnow
from ovs.postal.status import ItemStatus
from ovs.tracking import coverage
from ovs.tracking import poller
from ovs.tracking import schedule
from tests import factories
from tests.tracking import fake_post


def _partner(session, server, **settings):
    values = {"base_url": server.url, "batch_size": 10, "rpm": 6000} | settings
    return factories.partner(session, adapter=fake_post.NAME, settings=values)


def _due_items(session, partner, count) -> list[Item]:
    items = []
    while len(items) < count:
        items.extend(factories.ballot(session, partner_=partner).items)
    items = items[:count]
    for item in items:
        item.next_poll_at = utcnow() - dt.timedelta(minutes=1)
    session.flush()
    return items


def _tick(session, partner, now=None) -> poller.PollReport:
    report = poller.PollReport()
    poller.poll_partner(session, partner.id, "test-owner", report, now)
    return report


def test_due_items_are_polled_in_batches_and_their_events_ingested(
    session, fake_server
):
    partner = _partner(session, fake_server)
    items = _due_items(session, partner, 25)
    fake_server.events[items[0].tracking_number] = [
        factories.callback_event(items[0], "EMA"),
        factories.callback_event(items[0], "EMC", time="2027-01-09T10:00:00+08:00"),
    ]
    report = _tick(session, partner)
    assert (report.requests, report.items, report.accepted) == (3, 25, 2)
    assert sorted(fake_server.asked) == sorted(i.tracking_number for i in items)
    for item in items:
        session.refresh(item)
        assert item.poll_count == 1 and item.last_polled_at is not None
        assert item.next_poll_at > utcnow() and item.poll_lease_owner is None
    assert items[0].status == ItemStatus.IN_TRANSIT
    session.refresh(partner)
    assert (partner.requests_total, partner.failures_total) == (3, 0)
    assert partner.last_success_at is not None


def test_items_not_due_final_or_reported_by_callback_are_not_asked_about(
    session, fake_server
):
    partner = _partner(session, fake_server)
    due, later, final, pushed = _due_items(session, partner, 4)
    later.next_poll_at = utcnow() + dt.timedelta(hours=1)
    final.is_final = True
    pushed.reported_by_callback = True
    session.flush()
    _tick(session, partner)
    assert fake_server.asked == [due.tracking_number]


def test_a_second_tick_finds_nothing_due(session, fake_server):
    partner = _partner(session, fake_server)
    _due_items(session, partner, 3)
    _tick(session, partner)
    assert _tick(session, partner).requests == 0


def test_the_rate_limit_caps_requests_and_leaves_the_rest_due(session, fake_server):
    partner = _partner(session, fake_server, batch_size=1, rpm=2)
    items = _due_items(session, partner, 5)
    report = _tick(session, partner)
    assert report.requests == 2
    waiting = [i for i in items if i.tracking_number not in fake_server.asked]
    for item in waiting:
        session.refresh(item)
        assert item.poll_lease_owner is None and item.poll_count == 0


def test_the_quota_goes_to_items_at_risk_then_recently_moved(session, fake_server):
    partner = _partner(session, fake_server, batch_size=1, rpm=3)
    rest, recent, risky, idle = _due_items(session, partner, 4)
    rest.next_poll_at -= dt.timedelta(days=1)
    recent.last_event_at = utcnow() - dt.timedelta(hours=3)
    risky.at_risk = True
    idle.last_event_at = utcnow() - dt.timedelta(days=9)
    session.flush()
    _tick(session, partner)
    assert fake_server.asked == [
        risky.tracking_number,
        recent.tracking_number,
        rest.tracking_number,
    ]


def test_retry_after_backs_the_partner_off(session, fake_server):
    partner = _partner(session, fake_server)
    items = _due_items(session, partner, 3)
    fake_server.fail_status, fake_server.retry_after = 429, "120"
    report = _tick(session, partner)
    assert report.failures == 1
    session.refresh(partner)
    pause = partner.backoff_until - utcnow()
    assert dt.timedelta(seconds=100) < pause <= dt.timedelta(seconds=120)
    assert partner.last_error == "Fake Post answered 429."
    for item in items:
        session.refresh(item)
        assert item.poll_lease_owner is None and item.poll_count == 0
    assert _tick(session, partner).requests == 0


def test_repeated_failures_open_the_circuit(session, fake_server, app, monkeypatch):
    monkeypatch.setitem(app.config, "PARTNER_FAILURES_TO_OPEN", 3)
    partner = _partner(session, fake_server)
    _due_items(session, partner, 2)
    fake_server.fail_status = 503
    later = utcnow()
    for _ in range(3):
        # Each tick comes after the previous back-off has run out.
        later += dt.timedelta(hours=2)
        assert _tick(session, partner, now=later).failures == 1
    session.refresh(partner)
    assert partner.consecutive_failures == 3
    assert partner.circuit_open_until > utcnow()
    assert (partner.requests_total, partner.failures_total) == (3, 3)


def test_success_closes_the_failure_run(session, fake_server):
    partner = _partner(session, fake_server)
    _due_items(session, partner, 1)
    partner.consecutive_failures = 2
    session.flush()
    _tick(session, partner)
    session.refresh(partner)
    assert partner.consecutive_failures == 0


def test_poll_once_skips_partners_that_push_events(session, fake_server):
    partner = _partner(session, fake_server)
    partner.pushes_events = True
    _due_items(session, partner, 2)
    poller.poll_once(session, "test-owner")
    assert fake_server.asked == []


@pytest.mark.parametrize(
    ("still_for", "minutes"),
    [
        (dt.timedelta(0), 60),
        (dt.timedelta(hours=8), 120),
        (dt.timedelta(days=30), 1440),
    ],
)
def test_the_interval_grows_while_an_item_stands_still(app, still_for, minutes):
    with app.app_context():
        assert schedule.interval(still_for) == dt.timedelta(minutes=minutes)


def test_polling_stops_after_a_final_state_or_the_maximum_age(session):
    item = factories.ballot(session).items[0]
    now = utcnow()
    assert schedule.next_poll(item, False, now) is not None
    assert schedule.next_poll(item, True, now) is None
    assert schedule.next_poll(item, False, now + dt.timedelta(days=91)) is None


def test_coverage_says_how_often_the_quota_lets_each_item_be_polled(
    session, fake_server
):
    partner = _partner(session, fake_server, batch_size=1, rpm=1)
    for item in _due_items(session, partner, 4):
        item.reported_by_callback = item.leg == "return"
    session.flush()
    row = next(c for c in coverage.coverage(session) if c.partner_id == partner.id)
    assert (row.in_flight, row.by_callback, row.polls_per_day) == (2, 2, 1440)
    assert row.polls_per_item_per_day == 720 and row.hours_between_polls == 24 / 720


def test_a_partner_row_counts_unmapped_events(session, fake_server):
    partner = _partner(session, fake_server)
    item = _due_items(session, partner, 1)[0]
    fake_server.events[item.tracking_number] = [factories.callback_event(item)]
    _tick(session, partner)
    session.refresh(partner)
    assert partner.unmapped_events_total == 0
    assert (
        session.scalar(
            select(PartnerPost.requests_total).where(PartnerPost.id == partner.id)
        )
        == 1
    )
