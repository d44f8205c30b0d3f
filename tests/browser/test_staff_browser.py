"""Staff pages in real Chromium against a real server: sign-in, batch, scan, live."""

import re

import pyotp
from sqlalchemy import select

from ovs.dashboard import counters
from ovs.models import Item
from ovs.postal.events import EventCode as E
from ovs.postal.status import Leg
from ovs.postal.status import Role
from ovs.tracking.ingest import ingest
from tests import factories


def _sign_in(page, server, email, secret=None):
    page.goto(f"{server}/staff/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    if secret:
        page.wait_for_url(re.compile(r".*/staff/login/code.*"))
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("button[type=submit]")
    page.wait_for_selector("text=Welcome")


def test_sign_in_with_a_totp_code(page, server, committed):
    def world(session):
        user, secret = factories.staff_with_totp(session, role=Role.CENTRAL)
        return user.email, secret

    email, secret = committed(world)
    _sign_in(page, server, email, secret)
    assert "staff" in page.inner_text(".who")


def test_a_batch_from_creation_to_handover(page, server, committed):
    def world(session):
        made = factories.dispatch_world(session, voters=3)
        user = factories.quick_staff(session, role=Role.MISSION, mission_=made.mission)
        return made.mission.id, user.email

    mission_id, email = committed(world)
    _sign_in(page, server, email)
    page.goto(f"{server}/staff/missions/{mission_id}/batches")
    assert "3 voters are waiting for a ballot." in page.inner_text("main")
    page.click("text=Issue ballots")
    page.wait_for_selector("#batch-state")
    assert page.inner_text("#batch-state") == "issued"
    assert "3 ballots issued" in page.inner_text("main")
    special_list = page.get_attribute("#special-list", "href")
    answer = page.request.get(f"{server}{special_list}")
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    page.click("#handover")
    page.wait_for_selector("text=handed over: 3 items posted")
    assert page.inner_text("#batch-state") == "handed_over"


def test_a_returned_envelope_is_scanned(page, server, committed):
    def world(session):
        made = factories.dispatch_world(session, voters=1)
        ballot = factories.ballot(session, made.voters[0], made.partner)
        back = next(i for i in ballot.items if i.leg == Leg.RETURN)
        user = factories.quick_staff(session, role=Role.MISSION, mission_=made.mission)
        return made.mission.code, back.tracking_number, user.email

    code, number, email = committed(world)
    _sign_in(page, server, email)
    page.goto(f"{server}/staff/missions/{code}/scan")
    page.fill("#number", number)
    page.press("#number", "Enter")
    page.wait_for_selector("#scan-result [data-outcome]")
    assert number in page.inner_text("#scan-result")


def test_the_dashboard_updates_live_when_an_event_arrives(page, server, committed):
    def world(session):
        ballot = factories.ballot(session)
        user = factories.quick_staff(session, role=Role.OBSERVER)
        counters.catch_up(session)
        outbound = next(i for i in ballot.items if i.leg == Leg.OUTBOUND)
        return outbound.id, user.email

    item_id, email = committed(world)
    _sign_in(page, server, email)
    page.goto(f"{server}/staff/dashboard")
    page.wait_for_selector("#live-state[data-live=yes]")
    before = int(page.inner_text('#headline [data-figure="posted"]'))

    def post(session):
        item = session.scalar(select(Item).where(Item.id == item_id))
        ingest(session, [factories.status_event(item, E.POSTED)], source="poll")

    committed(post)
    page.wait_for_function(
        "n => Number(document.querySelector("
        "'#headline [data-figure=\"posted\"]').textContent) === n",
        arg=before + 1,
    )
