"""On PostgreSQL, an event committed after a later one still reaches the feed.

Two real transactions on a database of its own: A takes the lower id and stays
open while B takes the next id and commits. A reader must not move its cursor
past A's id until A has committed or the gap has settled.
"""

import datetime as dt

import pytest
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from ovs.extensions import db
from ovs.integration.reads import Viewer
from ovs.integration.reads import event_feed
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from tests import factories
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url

SETTLE = dt.timedelta(seconds=60)


@pytest.fixture
def engine():
    """A migrated PostgreSQL database of its own, committed to for real."""
    url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        yield db.engine
        db.engine.dispose()
    drop()


def _read(engine, cursor=None):
    with Session(engine) as reader:
        return event_feed(
            reader, Viewer(), cursor=cursor, limit=100, now=utcnow(), settle=SETTLE
        )


def test_a_late_commit_is_not_skipped(engine):
    with Session(engine) as setup:
        first, second = (factories.ballot(setup).items[0] for _ in range(2))
        numbers = first.tracking_number, second.tracking_number
        setup.commit()
        first_id, second_id = first.id, second.id

    slow, quick = Session(engine), Session(engine)
    try:
        factories.tracking_events(
            slow, slow.get(type(first), first_id), [EventCode.POSTED]
        )
        factories.tracking_events(
            quick, quick.get(type(second), second_id), [EventCode.POSTED]
        )
        quick.commit()

        # Only the later event is visible; the feed waits at the gap before it.
        page = _read(engine)
        assert page["events"] == []

        slow.commit()
        page = _read(engine, page["next_cursor"])
        assert [e["tracking_number"] for e in page["events"]] == list(numbers)
    finally:
        slow.close()
        quick.close()
