"""Tracking commands: scan, partner secret, poll; and their refusals."""

import datetime as dt

import pytest
from sqlalchemy import select

import partners
from ovs.models import AuditEntry
from ovs.models import Mission
from ovs.models.base import utcnow
from ovs.postal.status import ItemStatus
from tests import factories
from tests.tracking import fake_post


def _return_item(ballot):
    return next(i for i in ballot.items if i.leg == "return")


def test_scan_records_a_return_and_says_it_counts(runner, session):
    ballot = factories.ballot(session)
    item = _return_item(ballot)
    mission = session.get(Mission, ballot.mission_id)
    result = runner.invoke(
        args=["scan", item.tracking_number, "--mission", mission.code]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{item.tracking_number}: Received on time: count this ballot.\n"
    )
    assert item.status == ItemStatus.RECEIVED_ON_TIME
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "item.scanned")
    )
    assert entry.actor.startswith("cli:") and entry.details["outcome"] == "on_time"


def test_scan_refuses_an_unknown_mission(runner, session):
    result = runner.invoke(args=["scan", "RR000000000MY", "--mission", "NOPE"])
    assert result.exit_code == 1
    assert result.output == "Error: No mission has the code 'NOPE'.\n"


def test_partner_secret_shows_and_audits(runner, session):
    partner = factories.partner(session)
    result = runner.invoke(args=["partner", "secret", partner.code])
    assert result.exit_code == 0
    assert result.output == partner.callback_secret + "\n"
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions == ["partner.secret_shown"]


def test_partner_secret_rotate_replaces_it(runner, session):
    partner = factories.partner(session)
    old = partner.callback_secret
    result = runner.invoke(args=["partner", "secret", partner.code, "--rotate"])
    assert result.exit_code == 0
    session.refresh(partner)
    assert partner.callback_secret != old and len(partner.callback_secret) == 64
    assert partner.callback_secret in result.output
    assert partner.callback_secret_rotated_at is not None
    entry = session.scalar(select(AuditEntry))
    assert (entry.action, entry.object_id) == (
        "partner.secret_rotated",
        str(partner.id),
    )


def test_partner_secret_names_the_known_codes(runner, session):
    partner = factories.partner(session)
    result = runner.invoke(args=["partner", "secret", "nobody"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: No partner post has the code 'nobody'; known: {partner.code}.\n"
    )


@pytest.fixture
def fake_registered(monkeypatch):
    monkeypatch.setitem(partners.REGISTRY, fake_post.NAME, fake_post.MODULE)


def test_poll_runs_one_tick(runner, session, fake_registered):
    with fake_post.FakePostServer() as server:
        partner = factories.partner(
            session, adapter=fake_post.NAME, settings={"base_url": server.url}
        )
        for item in factories.ballot(session, partner_=partner).items:
            item.next_poll_at = utcnow() - dt.timedelta(minutes=1)
        session.flush()
        result = runner.invoke(args=["poll"])
    assert result.exit_code == 0, result.output
    assert "Polled 2 items in 1 requests" in result.output
