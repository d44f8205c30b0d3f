"""Two staff issuing batches for one mission at once, from separate processes."""

import multiprocessing

import pytest
from flask_migrate import upgrade
from sqlalchemy import func
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import NothingToIssue
from ovs.extensions import db
from ovs.models import Ballot
from ovs.models import Item
from tests import factories
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url

VOTERS = 30
WORKERS = 3


@pytest.fixture
def committed_mission():
    """A fresh PostgreSQL database with a mission ready to issue to 30 voters."""
    url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        world = factories.dispatch_world(db.session, voters=VOTERS)
        db.session.commit()
        code = world.mission.code
        db.engine.dispose()
    yield url, code
    drop()


def _batch_worker(url, mission_code, start, results):
    app = make_test_app(url)
    with app.app_context():
        start.wait()
        try:
            result = create_batch(db.session, mission_code=mission_code, actor="w")
            db.session.commit()
            results.put(result.ballots)
        except NothingToIssue:
            db.session.rollback()
            results.put(0)
        db.engine.dispose()


def test_simultaneous_batches_issue_each_voter_one_ballot(committed_mission):
    url, code = committed_mission
    # Forked workers start at once with the code already imported.
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_batch_worker, args=(url, code, start, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    issued = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert issued == [0] * (WORKERS - 1) + [VOTERS]
    app = make_test_app(url)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == VOTERS
        numbers = db.session.scalars(select(Item.tracking_number)).all()
        assert len(numbers) == len(set(numbers)) == 2 * VOTERS
        db.engine.dispose()
