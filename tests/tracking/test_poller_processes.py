"""Real poller processes on PostgreSQL: no item polled twice, nothing lost on a kill.

These need committed data that other processes can see, so they run on a
database of their own rather than the rolled-back test session.
"""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from ovs.extensions import db
from ovs.models import Item
from ovs.models.base import utcnow
from tests import factories
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url
from tests.tracking import fake_post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed(fake_server):
    """A fresh PostgreSQL database with a fake post and items due a poll."""
    url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        yield app, url
        db.session.remove()
        db.engine.dispose()
    drop()


def _seed(app, server, count: int, batch_size: int = 10) -> list[str]:
    with app.app_context():
        session = db.session
        partner = factories.partner(
            session,
            adapter=fake_post.NAME,
            settings={"base_url": server.url, "batch_size": batch_size},
        )
        numbers = []
        while len(numbers) < count:
            for item in factories.ballot(session, partner_=partner).items:
                item.next_poll_at = utcnow() - dt.timedelta(minutes=1)
                numbers.append(item.tracking_number)
        session.commit()
        return numbers


def _worker(url: str, owner: str, go: Path | None = None, skew: float = 0):
    command = [sys.executable, "-m", "tests.tracking.poll_worker", url, owner]
    command += [str(go or ""), str(skew)]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )


def _items(app) -> list[Item]:
    with app.app_context():
        items = db.session.scalars(select(Item)).all()
        db.session.expunge_all()
        return items


def test_two_pollers_never_poll_the_same_item(committed, fake_server, tmp_path):
    app, url = committed
    numbers = _seed(app, fake_server, 120)
    # Each request takes a moment, so one poller alone cannot finish before the
    # other starts claiming.
    fake_server.hang_seconds = 0.25
    go = tmp_path / "go"
    workers = [_worker(url, f"poller-{n}", go) for n in (1, 2)]
    time.sleep(0.5)
    go.touch()
    reports = [json.loads(w.communicate(timeout=120)[0]) for w in workers]
    assert sorted(fake_server.asked) == sorted(numbers)
    assert sum(r["items"] for r in reports) == len(numbers)
    assert all(r["items"] > 0 for r in reports)
    assert all(item.poll_count == 1 for item in _items(app))


def test_a_poller_killed_mid_batch_loses_nothing(committed, fake_server):
    app, url = committed
    numbers = _seed(app, fake_server, 30)
    fake_server.hang_seconds = 30
    doomed = _worker(url, "doomed")
    deadline = time.monotonic() + 60
    while fake_server.requests == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    fake_server.hang_seconds = 0
    leased = [i for i in _items(app) if i.poll_lease_owner == "doomed"]
    assert leased and all(i.poll_count == 0 for i in _items(app))

    # While the dead poller's leases last, nobody takes its items...
    asked_before = len(fake_server.asked)
    _worker(url, "survivor").communicate(timeout=120)
    asked_now = set(fake_server.asked[asked_before:])
    assert not asked_now & {i.tracking_number for i in leased}

    # ...and once they expire, every item is polled.
    _worker(url, "survivor", skew=61).communicate(timeout=120)
    assert set(fake_server.asked) == set(numbers)
    items = _items(app)
    assert all(i.poll_count == 1 and i.poll_lease_owner is None for i in items)
