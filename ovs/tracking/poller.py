"""Polling partner posts for items in flight, within each partner's limits.

Each tick, per partner: skip it while its circuit is open or it asked us to
back off; take as many due items as its rate limit allows right now, most
urgent first (items at risk of missing the deadline, then items that moved
recently, then the rest); claim them with a lease in a short transaction; ask
the partner in its batch size; ingest what it says; record when each item was
polled and when to poll it next, and the partner's health.

Leases make pollers safe side by side: on PostgreSQL the claim reads due rows
``FOR UPDATE SKIP LOCKED`` so two pollers never take the same item, and a
poller that dies leaves leases that simply expire. SQLite runs one poller.
"""

import datetime as dt
import os
import socket
import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update

from ovs import logs
from ovs.models import Item
from ovs.models import PartnerPost
from ovs.models.base import utcnow
from ovs.postal.status import EventSource
from ovs.tracking import schedule
from ovs.tracking.adapters import adapter_for
from ovs.tracking.ingest import ingest
from partners.base import AdapterError
from partners.base import PartnerUnavailable

log = logs.get(__name__)

# Items whose last event is this recent count as "moved recently".
RECENT = dt.timedelta(days=2)


class TokenBucket:
    """Requests a partner allows: refills at a steady rate up to one minute's worth."""

    def __init__(self, per_minute: float, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, per_minute)
        self.tokens = self.capacity
        self.clock = clock
        self.stamp = clock()
        self.lock = threading.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def available(self) -> int:
        """Whole requests that may be made now."""
        with self.lock:
            self._refill()
            return int(self.tokens)

    def take(self) -> bool:
        """Spend one request if there is one."""
        with self.lock:
            self._refill()
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


_BUCKETS: dict[tuple[int, float], TokenBucket] = {}


def bucket_for(partner_id: int, per_minute: float) -> TokenBucket:
    """This process's token bucket for a partner, made on first use."""
    share = per_minute / max(1, current_app.config["POLLER_PROCESSES"])
    key = (partner_id, share)
    if key not in _BUCKETS:
        _BUCKETS[key] = TokenBucket(share)
    return _BUCKETS[key]


def owner_id() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


@dataclass
class PollReport:
    """What one poll tick did."""

    partners: int = 0
    requests: int = 0
    items: int = 0
    failures: int = 0
    accepted: int = 0


def poll_once(session, owner=None, now=None, report=None) -> PollReport:
    """One tick over every active partner that is polled."""
    owner = owner or owner_id()
    report = report if report is not None else PollReport()
    for partner_id in poll_partner_ids(session):
        poll_partner(session, partner_id, owner, report, now)
    return report


def poll_partner_ids(session) -> list[int]:
    """The partners the poller asks: active ones that do not push their events."""
    ids = session.scalars(
        select(PartnerPost.id)
        .where(PartnerPost.active, PartnerPost.pushes_events.is_(False))
        .order_by(PartnerPost.id)
    ).all()
    session.commit()
    return list(ids)


def poll_partner(session, partner_id: int, owner: str, report: PollReport, now=None):
    """Poll one partner's due items within its rate limit."""
    now = now or utcnow()
    partner = session.get(PartnerPost, partner_id)
    if _blocked(partner, now):
        session.commit()
        return
    adapter = adapter_for(partner)
    bucket = bucket_for(partner.id, adapter.requests_per_minute)
    budget = bucket.available() * adapter.batch_size
    limit = min(budget, current_app.config["POLL_MAX_ITEMS_PER_TICK"])
    claimed = claim(session, partner_id, limit, owner, now) if limit else []
    if not claimed:
        return
    report.partners += 1
    chunks = [
        claimed[i : i + adapter.batch_size]
        for i in range(0, len(claimed), adapter.batch_size)
    ]
    for position, chunk in enumerate(chunks):
        if not bucket.take():
            release(session, [i for c in chunks[position:] for i, _ in c], owner)
            return
        if not _poll_chunk(session, adapter, partner_id, chunk, owner, report):
            release(session, [i for c in chunks[position:] for i, _ in c], owner)
            return


def _blocked(partner: PartnerPost, now: dt.datetime) -> bool:
    for until, why in (
        (partner.circuit_open_until, "circuit open"),
        (partner.backoff_until, "backing off"),
    ):
        if until is not None and until > now:
            log.info("poll.skipped", partner_id=partner.id, why=why, until=until)
            return True
    return False


def due_items(partner_id: int, now: dt.datetime):
    """The query for a partner's items due a poll, most urgent first."""
    moved_recently = case((Item.last_event_at >= now - RECENT, 1), else_=0)
    return (
        select(Item.id, Item.tracking_number)
        .where(
            Item.partner_id == partner_id,
            Item.next_poll_at <= now,
            Item.is_final.is_(False),
            Item.reported_by_callback.is_(False),
            or_(Item.poll_lease_until.is_(None), Item.poll_lease_until < now),
        )
        .order_by(Item.at_risk.desc(), moved_recently.desc(), Item.next_poll_at)
    )


def claim(session, partner_id, limit, owner, now) -> list[tuple[int, str]]:
    """Lease up to ``limit`` due items to this poller, in a transaction of its own."""
    query = due_items(partner_id, now).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # SKIP LOCKED so two pollers claiming at once take separate rows.
        query = query.with_for_update(of=Item, skip_locked=True)
    rows = [tuple(row) for row in session.execute(query)]
    if rows:
        lease = dt.timedelta(seconds=current_app.config["POLL_LEASE_SECONDS"])
        session.execute(
            update(Item)
            .where(Item.id.in_([item_id for item_id, _ in rows]))
            .values(poll_lease_until=now + lease, poll_lease_owner=owner)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return rows


def release(session, item_ids: list[int], owner: str) -> None:
    """Give back leases this poller holds on items it did not poll."""
    if item_ids:
        session.execute(
            update(Item)
            .where(Item.id.in_(item_ids), Item.poll_lease_owner == owner)
            .values(poll_lease_until=None, poll_lease_owner=None)
            .execution_options(synchronize_session=False)
        )
    session.commit()


def _poll_chunk(session, adapter, partner_id, chunk, owner, report) -> bool:
    """Ask about one batch; False when the partner is unavailable."""
    numbers = [number for _, number in chunk]
    report.requests += 1
    try:
        result = adapter.track(numbers)
    except PartnerUnavailable as exc:
        record_failure(session, partner_id, exc)
        report.failures += 1
        return False
    except AdapterError as exc:
        # The partner answered but not usably: these items wait a full interval.
        record_failure(session, partner_id, exc)
        finish(session, [i for i, _ in chunk], owner, utcnow())
        report.failures += 1
        return True
    outcome = ingest(
        session, result.events, source=EventSource.POLL, partner_id=partner_id
    )
    record_success(session, partner_id, outcome.unmapped)
    finish(session, [i for i, _ in chunk], owner, utcnow())
    report.items += len(chunk)
    report.accepted += outcome.accepted
    return True


def finish(session, item_ids: list[int], owner: str, now: dt.datetime) -> None:
    """Record a poll of these items, schedule the next one and free the leases."""
    items = session.scalars(select(Item).where(Item.id.in_(item_ids))).all()
    for item in items:
        if item.poll_lease_owner not in (owner, None):
            continue
        item.last_polled_at = now
        item.poll_count = (item.poll_count or 0) + 1
        item.next_poll_at = schedule.next_poll(item, item.is_final, now)
        item.poll_lease_until = None
        item.poll_lease_owner = None
    session.commit()


def record_success(session, partner_id: int, unmapped: int) -> None:
    """Count a good request in the partner's health."""
    session.execute(
        update(PartnerPost)
        .where(PartnerPost.id == partner_id)
        .values(
            requests_total=PartnerPost.requests_total + 1,
            unmapped_events_total=PartnerPost.unmapped_events_total + unmapped,
            consecutive_failures=0,
            last_success_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )


def record_failure(session, partner_id: int, exc: AdapterError) -> None:
    """Count a failed request; back off, and open the circuit after too many."""
    config = current_app.config
    now = utcnow()
    partner = session.get(PartnerPost, partner_id, populate_existing=True)
    failures = (partner.consecutive_failures or 0) + 1
    pause = exc.retry_after or min(
        config["PARTNER_BACKOFF_SECONDS"] * 2 ** (failures - 1),
        config["PARTNER_CIRCUIT_OPEN_SECONDS"],
    )
    values = {
        "requests_total": PartnerPost.requests_total + 1,
        "failures_total": PartnerPost.failures_total + 1,
        "consecutive_failures": failures,
        "last_failure_at": now,
        "last_error": exc.message[:500],
    }
    if isinstance(exc, PartnerUnavailable):
        values["backoff_until"] = now + dt.timedelta(seconds=pause)
    if failures >= config["PARTNER_FAILURES_TO_OPEN"]:
        opened = dt.timedelta(seconds=config["PARTNER_CIRCUIT_OPEN_SECONDS"])
        values["circuit_open_until"] = now + opened
        log.warning("partner.circuit_open", partner_id=partner_id, failures=failures)
    session.execute(
        update(PartnerPost)
        .where(PartnerPost.id == partner_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    log.warning(
        "partner.failure",
        partner_id=partner_id,
        error=type(exc).__name__,
        failures=failures,
        retry_after=exc.retry_after,
    )
