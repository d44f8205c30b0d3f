"""The demo tells the sandbox of its handovers, and no event lands in the future."""

import datetime as dt

import pytest
import requests
from sqlalchemy import select

from ovs.demo.samples import pick_samples
from ovs.demo.sandbox_feed import register_new
from ovs.demo.seed import seed_demo
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import PartnerPost
from ovs.postal.status import Leg
from partners.sandbox.clock import SandboxClock
from partners.sandbox.server import SandboxServer

# Fast enough that the clock reaches real time within the test's first moment.
RACING = 10**12


@pytest.fixture
def sandbox():
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    server = SandboxServer(port=0, speed=RACING, start=start, catch_up=True)
    server.start(push_interval=None)
    yield server
    server.stop()


def test_a_catch_up_clock_runs_fast_until_real_time_then_never_ahead():
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    racing = SandboxClock(speed=RACING, start=start, catch_up=True)
    stopped = SandboxClock(speed=0, start=start, catch_up=True)

    before = dt.datetime.now(dt.UTC)
    reading = racing.now()

    assert before <= reading <= dt.datetime.now(dt.UTC)
    assert stopped.now() == start


def test_the_demo_registers_every_handed_over_item_from_its_real_handover(
    session, sandbox
):
    seed_demo(session, voters=240, seed=3)
    known: set[int] = set()

    registered = register_new(session, sandbox.url, known)

    rows = session.execute(
        select(Item, DispatchBatch.handed_over_at, PartnerPost.adapter)
        .join(Ballot, Ballot.id == Item.ballot_id)
        .join(DispatchBatch, DispatchBatch.id == Ballot.batch_id)
        .join(PartnerPost, PartnerPost.id == Item.partner_id)
    ).all()
    assert registered == len(rows) > 0
    assert known == set(session.scalars(select(DispatchBatch.id)))
    now = dt.datetime.now(dt.UTC)
    for item, handed_over_at, adapter in rows:
        answer = requests.get(
            f"{sandbox.url}/_sandbox/items/{item.tracking_number}",
            params={"partner": adapter},
            timeout=5,
        )
        assert answer.status_code == 200
        happened = sandbox.world.events(item.tracking_number, adapter) or []
        assert all(e.occurred_at <= now for e in happened)
        if item.leg == Leg.OUTBOUND:
            first = dt.datetime.fromisoformat(answer.json()["events"][0]["time"])
            assert first == handed_over_at.replace(tzinfo=dt.UTC)
    clock = requests.get(f"{sandbox.url}/_sandbox", timeout=5).json()["now"]
    assert dt.datetime.fromisoformat(clock) <= dt.datetime.now(dt.UTC)
    assert register_new(session, sandbox.url, known) == 0


def test_the_printed_voters_have_a_ballot_back_on_its_way_and_one_travelling(
    session, sandbox
):
    seed_demo(session, voters=240, seed=3)
    register_new(session, sandbox.url, set())

    returning, travelling = pick_samples(session, sandbox.world)

    assert returning.story == "ballot delivered, return envelope posted"
    assert travelling.story == "ballot on its way"
    assert returning.registry_number != travelling.registry_number


def test_the_demo_admin_signs_in_with_the_printed_second_factor(runner):
    from ovs.demo.seed import DEMO_ADMIN_TOTP_SECRET
    from ovs.staffing import totp

    result = runner.invoke(args=["demo-code"])

    assert result.exit_code == 0
    assert totp.verify(DEMO_ADMIN_TOTP_SECRET, result.output.strip())
