"""Polling the partner sandbox with its faults on: every item ends where its events say.

The sandbox plays a UPU-standard post that fails some requests, repeats every
event and reports them newest first. However often the poller is refused, the
status of every item must end as the one the sandbox's own events imply.
"""

import datetime as dt

import pytest

from ovs.models import Election
from ovs.models.base import utcnow
from ovs.postal.status import Leg
from ovs.tracking import poller
from ovs.tracking.status import EventFact
from ovs.tracking.status import derive
from partners.sandbox.faults import Faults
from partners.sandbox.lives import ItemSpec
from partners.sandbox.server import SandboxServer
from tests import factories

START = utcnow().replace(microsecond=0) - dt.timedelta(days=60)


@pytest.fixture
def sandbox():
    """The partner sandbox on an ephemeral port, its clock well past every life."""
    server = SandboxServer(speed=0.0, seed=11, start=START).start(push_interval=None)
    server.clock.set(utcnow() - dt.timedelta(minutes=5))
    yield server
    server.stop()


def _carry(sandbox, session, partner, ballots: int):
    items = []
    for n in range(ballots):
        ballot = factories.ballot(session, partner_=partner)
        for item in ballot.items:
            posted = START + dt.timedelta(
                hours=7 * n + (240 if item.leg == Leg.RETURN else 0)
            )
            sandbox.world.register(
                ItemSpec(
                    tracking_number=item.tracking_number,
                    partner="upu",
                    posted_at=posted,
                    origin="MY",
                    destination="MY",
                    leg=item.leg,
                    partner_code=partner.code,
                )
            )
            item.next_poll_at = utcnow() - dt.timedelta(minutes=1)
            items.append(item)
    session.flush()
    return items


def _implied(sandbox, item, deadline):
    events = sandbox.world.events(item.tracking_number, "upu")
    facts = [
        EventFact(e.code.value, e.occurred_at, e.measure.value if e.measure else None)
        for e in events
    ]
    return derive(item.leg, facts, deadline)


@pytest.mark.parametrize(
    "fault",
    [
        {"error": 503},
        {"malformed": "truncated"},
        {"rate_limit": 30},
    ],
    ids=["5xx", "truncated", "429"],
)
def test_every_item_ends_in_the_status_its_events_imply(
    app, session, sandbox, monkeypatch, fault
):
    monkeypatch.setitem(app.config, "SANDBOX_URL", sandbox.url)
    # Small claims make many requests, so the faults get their chances.
    monkeypatch.setitem(app.config, "POLL_MAX_ITEMS_PER_TICK", 4)
    partner = factories.partner(session, adapter="upu", settings={"country": "MY"})
    items = _carry(sandbox, session, partner, 15)
    sandbox.faults.set(
        "upu", Faults(duplicates=True, out_of_order=True, share=0.5, **fault)
    )
    election = session.get(Election, items[0].ballot.voter.election_id)
    deadline = election.return_deadline
    expected = {item.id: _implied(sandbox, item, deadline) for item in items}
    later, report = utcnow(), poller.PollReport()
    for _ in range(100):
        later += dt.timedelta(hours=3)
        poller.poll_partner(session, partner.id, "sandbox-test", report, later)
        if all(item.status == expected[item.id] for item in items):
            break
    assert report.failures > 0, "the faults were meant to bite at least once"
    assert {i.tracking_number: i.status for i in items} == {
        i.tracking_number: expected[i.id] for i in items
    }
    assert {Leg(i.leg) for i in items} == {Leg.OUTBOUND, Leg.RETURN}
