"""The portal in a real Chromium, served by a real server over a committed database."""

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from ovs.extensions import db
from ovs.models import Notification
from ovs.models import Subscription
from ovs.notify import channels
from ovs.notify import sender
from ovs.notify import subscriptions
from ovs.postal.events import EventCode as E
from ovs.postal.status import Leg
from tests import factories
from tests.conftest import make_test_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app on a fresh SQLite file, with one voter, served on a free port."""
    path = tmp_path_factory.mktemp("browser") / "ovs.sqlite"
    app = make_test_app(f"sqlite:///{path}", PUBLIC_BASE_URL="http://127.0.0.1")
    with app.app_context():
        upgrade()
        voter = factories.voter(
            db.session,
            factories.mission(db.session, name="KBRI Kuala Lumpur"),
            full_name="Dewi Anggraini",
            date_of_birth=dt.date(1990, 12, 31),
            language="en",
        )
        ballot = factories.ballot(db.session, voter)
        outbound = next(i for i in ballot.items if i.leg == Leg.OUTBOUND)
        factories.event(
            db.session, outbound, E.POSTED, dt.datetime.now(dt.UTC) - dt.timedelta(2)
        )
        db.session.commit()
        number = voter.registry_number
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app, app.config["PUBLIC_BASE_URL"], number
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def look_up(page, base, number, born):
    page.goto(f"{base}/track")
    page.get_by_label("Voter registry number").fill(number)
    page.get_by_label("Date of birth").fill(born)
    page.locator("form").first.get_by_role("button", name="Find my ballot").click()


def test_a_voter_finds_their_ballot(live, page):
    _, base, number = live
    look_up(page, base, number, "31 Dec 1990")
    assert page.url == f"{base}/ballot"
    assert page.locator("h1").inner_text() == "Your ballot"
    assert "Your ballot left the mission" in page.locator("ol.timeline").inner_text()
    assert "Dewi" not in page.content()


def test_a_wrong_guess_shows_the_linked_error_summary(live, page):
    _, base, number = live
    look_up(page, base, number, "01-01-1991")
    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    assert (
        summary.locator("li")
        .inner_text()
        .startswith("We could not find a ballot with these details.")
    )
    look_up(page, base, "", "31-02-1990")
    page.get_by_role("link", name="Enter your voter registry number.").click()
    assert page.url.endswith("#registry_number")


def test_the_language_switch_works_without_javascript(live, browser):
    _, base, _ = live
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/track")
    page.get_by_role("link", name="Indonesia").click()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Cari surat suara saya"
    page.goto(f"{base}/")
    assert page.locator("h1").inner_text() == "Lacak surat suara pos Anda"
    context.close()


def test_the_keyboard_reaches_the_skip_link_then_the_form(live, page):
    _, base, _ = live
    page.goto(f"{base}/track")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_the_look_up_page_weighs_under_100_kb(live, page):
    _, base, _ = live
    sizes = []
    page.on("response", lambda response: sizes.append(len(response.body())))
    page.goto(f"{base}/track")
    page.wait_for_load_state("networkidle")
    assert len(sizes) == 2
    assert sum(sizes) < 100_000


def test_a_voter_subscribes_and_confirms_from_the_email(live, page, smtp_server):
    app, base, number = live
    look_up(page, base, number, "31-12-1990")
    page.get_by_label("Email address").fill("dewi@example.org")
    page.get_by_role("button", name="Send me updates").click()
    assert page.locator("h1").inner_text() == "Check your email"
    config = dict(app.config, SMTP_PORT=smtp_server.port)
    with app.app_context():
        sender.send_due(
            db.session, channels=channels.from_config(config), config=config
        )
        db.session.commit()
    ((_, email),) = smtp_server.inbox.messages
    link = next(
        line for line in email.get_content().splitlines() if "/notify/confirm/" in line
    )
    page.goto(link)
    assert page.locator("h1").inner_text() == "Updates are on"
    with app.app_context():
        subscription = db.session.scalar(
            select(Subscription).where(Subscription.address == "dewi@example.org")
        )
        assert subscriptions.is_active(subscription)
        sent = db.session.scalars(select(Notification.status)).all()
        assert sent == ["sent"]
