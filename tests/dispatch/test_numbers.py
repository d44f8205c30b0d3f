"""Tracking-number ranges: adding them safely, and issuing without gaps or repeats."""

import datetime as dt
import multiprocessing

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from ovs.dispatch import numbers
from ovs.dispatch.errors import BadRange
from ovs.dispatch.errors import RangeOverlap
from ovs.dispatch.errors import UnknownMission
from ovs.dispatch.numbers import add_range
from ovs.dispatch.numbers import list_ranges
from ovs.dispatch.numbers import months_before
from ovs.extensions import db
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import TrackingRange
from ovs.postal import s10
from ovs.postal.status import ServiceClass
from tests import factories
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def _add(session, world, first, count=100, indicator="RR", now=NOW):
    return add_range(
        session,
        partner_code=world.partner.code,
        mission_code=world.mission.code,
        indicator=indicator,
        first=first,
        count=count,
        actor="t",
        now=now,
    )


@pytest.fixture
def world(session):
    world = factories.dispatch_world(session, voters=0, lanes=())
    return world


def test_a_new_range_is_recorded_with_the_partners_country(session, world):
    rng = _add(session, world, 5_000_000, indicator="rr")
    assert (rng.service_indicator, rng.country) == ("RR", "MY")
    assert (rng.first_serial, rng.last_serial, rng.next_serial) == (
        5_000_000,
        5_000_099,
        5_000_000,
    )
    [view] = list_ranges(session, world.mission.code)
    assert (view.size, view.used, view.remaining, view.low) == (100, 0, 100, False)


def test_a_range_overlapping_a_recent_one_is_refused(session, world):
    first = _add(session, world, 5_000_000)
    with pytest.raises(RangeOverlap) as caught:
        _add(session, world, 5_000_050, now=NOW + dt.timedelta(days=30))
    assert caught.value.message == (
        f"RR 05000050-05000149 (MY) overlaps range {first.id} (05000000-05000099, "
        "allocated 2026-06-15); a tracking number is not reused within 12 months. "
        "Ask the post for serials that do not overlap."
    )


def test_an_old_used_up_range_may_be_allocated_again(session, world):
    old = _add(session, world, 5_000_000, count=10, now=NOW - dt.timedelta(days=400))
    old.next_serial = old.last_serial + 1
    session.flush()
    again = _add(session, world, 5_000_000, count=10)
    assert again.id != old.id


def test_numbers_used_in_the_last_twelve_months_are_not_reused(session, world):
    old = _add(session, world, 5_000_000, count=10, now=NOW - dt.timedelta(days=400))
    old.next_serial = old.last_serial + 1
    ballot = factories.ballot(
        session, factories.voter(session, world.mission), world.partner
    )
    item = ballot.items[0]
    item.tracking_number = str(s10.make("RR", 5_000_003, "MY"))
    item.created_at = NOW - dt.timedelta(days=100)
    session.flush()
    with pytest.raises(RangeOverlap) as caught:
        _add(session, world, 5_000_000, count=10)
    assert caught.value.message == (
        "1 numbers of RR 05000000-05000009 (MY) were used in the last 12 months; a "
        "tracking number is not reused within that time. Ask the post for other "
        "serials."
    )


@pytest.mark.parametrize(
    ("indicator", "first", "count", "message"),
    [
        (
            "R1",
            1,
            10,
            "The service indicator is two letters starting with R "
            "(registered), L (tracked) or E (EMS), like RR, LX or EE; got 'R1'.",
        ),
        (
            "CP",
            1,
            10,
            "The service indicator is two letters starting with R "
            "(registered), L (tracked) or E (EMS), like RR, LX or EE; got 'CP'.",
        ),
        ("RR", 1, 0, "A range holds at least one number; got a count of 0."),
        (
            "RR",
            99_999_990,
            20,
            "S10 serials run from 0 to 99,999,999; a range of 20 from 99,999,990 does "
            "not fit.",
        ),
    ],
)
def test_bad_ranges_are_refused(session, world, indicator, first, count, message):
    with pytest.raises(BadRange) as caught:
        _add(session, world, first, count=count, indicator=indicator)
    assert caught.value.message == message


def test_a_range_for_an_unknown_mission_is_refused(session, world):
    with pytest.raises(UnknownMission):
        add_range(
            session,
            partner_code=world.partner.code,
            mission_code="NOPE",
            indicator="RR",
            first=1,
            count=1,
            actor="t",
        )


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (
            dt.datetime(2026, 6, 15, tzinfo=dt.UTC),
            12,
            dt.datetime(2025, 6, 15, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2026, 3, 31, tzinfo=dt.UTC),
            1,
            dt.datetime(2026, 2, 28, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2026, 1, 10, tzinfo=dt.UTC),
            13,
            dt.datetime(2024, 12, 10, tzinfo=dt.UTC),
        ),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


# Concurrent issuing needs committed data that other processes see, so it runs on
# a database of its own rather than the rolled-back test session.

WORKERS = 4
ROUNDS = 12
PER_TAKE = 5


@pytest.fixture
def committed_postgres():
    """A fresh PostgreSQL database with one mission, partner and RR range."""
    url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        world = factories.dispatch_world(db.session, voters=0, lanes=())
        world.ranges = {
            ServiceClass.REGISTERED: factories.tracking_range(
                db.session,
                world.partner,
                world.mission,
                first_serial=20_000_000,
                size=10_000,
            )
        }
        db.session.commit()
        ids = (world.partner.id, world.mission.id)
        db.engine.dispose()
    yield url, ids
    drop()


def _issue_worker(url, partner_id, mission_id, start, results):
    """Take numbers many times, throwing every third transaction away."""
    app = make_test_app(url)
    kept = []
    with app.app_context():
        start.wait()
        for round_ in range(ROUNDS):
            partner = db.session.get(PartnerPost, partner_id)
            mission = db.session.get(Mission, mission_id)
            taken, _ = numbers.take(
                db.session,
                partner=partner,
                mission=mission,
                service_class=ServiceClass.REGISTERED,
                count=PER_TAKE,
            )
            if round_ % 3 == 2:
                db.session.rollback()
            else:
                db.session.commit()
                kept.extend(taken)
        db.engine.dispose()
    results.put(kept)


def test_concurrent_issuers_get_consecutive_distinct_numbers(committed_postgres):
    url, (partner_id, mission_id) = committed_postgres
    # Forked workers start at once with the code already imported; each opens its
    # own connections through its own app.
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(
            target=_issue_worker, args=(url, partner_id, mission_id, start, results)
        )
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    taken = [n for _ in workers for n in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    serials = sorted(int(s10.parse(n).serial) for n in taken)
    kept_per_worker = ROUNDS - ROUNDS // 3
    assert len(taken) == len(set(taken)) == WORKERS * kept_per_worker * PER_TAKE
    # Rolled-back numbers went back to the range: the kept ones have no gap.
    assert serials == list(range(20_000_000, 20_000_000 + len(serials)))
    app = make_test_app(url)
    with app.app_context():
        rng = db.session.scalar(select(TrackingRange))
        assert rng.next_serial == 20_000_000 + len(serials)
        db.engine.dispose()
