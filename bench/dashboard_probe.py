"""The measuring half of bench/dashboard.py: first paint and live-update latency."""

import datetime as dt
import statistics
import time

from flask_login.utils import _create_identifier
from sqlalchemy import select

from ovs.accounts import hash_password
from ovs.dashboard import counters
from ovs.extensions import db
from ovs.models import Item
from ovs.models import StaffUser
from ovs.postal.events import EventCode
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent

CHANGES_PER_UPDATE = 100


def probe(app, rounds: int) -> None:
    """Print the figures for ``rounds`` first paints and live updates."""
    app.config.update(DASHBOARD_SSE_SECONDS=0.01, DASHBOARD_SSE_MAX_SECONDS=0)
    started = time.perf_counter()
    counters.rebuild(db.session)
    db.session.commit()
    print(f"counters rebuilt from the items in {time.perf_counter() - started:.1f}s")
    client = _signed_in_client(app)
    client.get("/staff/dashboard")  # warm the caches once, as a running server has
    paints = [_timed(client, "/staff/dashboard") for _ in range(rounds)]
    _report("first paint, GET /staff/dashboard", paints)
    updates = []
    for _ in range(rounds):
        _post_items(CHANGES_PER_UPDATE)
        updates.append(_timed(client, "/staff/dashboard/stream"))
    _report(
        f"live update after {CHANGES_PER_UPDATE} status changes (SSE tick)", updates
    )
    quiet = [_timed(client, "/staff/dashboard/stream") for _ in range(rounds)]
    _report("live tick with nothing new", quiet)


def _signed_in_client(app):
    admin = StaffUser(
        email=f"bench{time.time_ns()}@ovs.example",
        name="Bench",
        password_hash=hash_password("bench-password"),
        role="admin",
    )
    db.session.add(admin)
    db.session.commit()
    client = app.test_client()
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as cookie:
        cookie.update(
            _user_id=str(admin.id), _fresh=True, _id=identifier, seen_at=time.time()
        )
    return client


def _timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    response.get_data()
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed * 1000


def _post_items(count: int) -> None:
    """Post ``count`` prepared outbound items through the real ingest path."""
    numbers = db.session.scalars(
        select(Item.tracking_number)
        .where(Item.leg == "outbound", Item.status == "prepared")
        .limit(count)
    ).all()
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    events = [ParsedEvent(n, EventCode.POSTED, "EMA", "Posted", when) for n in numbers]
    ingest(db.session, events, source="poll")
    db.session.commit()


def _report(what: str, millis: list[float]) -> None:
    print(
        f"{what}: median {statistics.median(millis):.0f} ms, "
        f"worst {max(millis):.0f} ms over {len(millis)} runs"
    )
