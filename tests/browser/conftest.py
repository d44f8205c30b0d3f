"""Servers the browser tests talk to, a fresh committed database, and Chromium.

The rolled-back ``session`` fixture cannot serve a page to another thread, so
each test module gets its own database (SQLite file or a scratch PostgreSQL
database), migrated and filled with committed rows, served by a threaded
Werkzeug server on an ephemeral port.
"""

import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from ovs.extensions import db
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url
from tests.servers import smtp_server  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_app(request, tmp_path_factory):
    """An app on a database of its own, migrated, with no rows yet."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'ovs.sqlite'}"
    else:
        url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url, DASHBOARD_SSE_SECONDS=0.5, DASHBOARD_SSE_MAX_SECONDS=30)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


@pytest.fixture(scope="module")
def server(live_app):
    """The app served over HTTP on 127.0.0.1 and a port the OS picked."""
    httpd = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright, or a skip saying what is missing."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page with its own cookies."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def committed(live_app):
    """Run a function against the live database inside an app context, committed."""

    def run(work):
        with live_app.app_context():
            result = work(db.session)
            db.session.commit()
            return result

    return run
