"""Shared fixtures: the app on SQLite and on PostgreSQL, rolled back after each test.

Every test that asks for ``app``, ``session`` or ``client`` runs twice, once per
database. PostgreSQL comes from ``OVS_TEST_POSTGRES_URL``; each test session
creates a database of its own there and drops it at the end, so parallel runs
never meet. Without the variable the PostgreSQL runs are skipped with a reason,
except under ``CI=true`` where they are required.
"""

import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session
from sqlalchemy.orm import sessionmaker

from ovs import create_app
from ovs.extensions import db

POSTGRES_ENV = "OVS_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    """The PostgreSQL server URL the tests may create databases on, if any."""
    raw = os.environ.get(POSTGRES_ENV)
    if not raw:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_ENV} must be set under CI=true", pytrace=False)
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL runs skipped")
    url = make_url(raw)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def create_postgres_database(admin_url: str) -> tuple[str, callable]:
    """Create a throw-away database; return its URL and a function that drops it."""
    name = f"ovs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(admin_url).set(database=name)
    return url.render_as_string(hide_password=False), drop


def make_test_app(database_url: str, **overrides):
    """An app configured for tests against the given database."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "SCHEDULER_IN_WEB": False,
        "WEBHOOK_ALLOW_PRIVATE": True,
        "LOG_LEVEL": "WARNING",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated, empty database on each engine, for the whole test session."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "ovs.sqlite"
        yield f"sqlite:///{path}"
        return
    url, drop = create_postgres_database(postgres_admin_url())
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url):
    """The application on a database migrated to the latest schema."""
    app = make_test_app(database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app):
    """A session whose work is rolled back after the test, commits included.

    The test's session is bound to one connection inside an outer transaction;
    ``commit()`` only releases a savepoint, so the database is left as it was.
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint"
        )
        test_session = scoped_session(factory)
        real_session = db.session
        db.session = test_session
        try:
            yield test_session
        finally:
            db.session = real_session
            test_session.remove()
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app, session):
    """A test client whose requests share the test's rolled-back session."""
    return app.test_client()


@pytest.fixture
def runner(app, session):
    """A CLI runner for ``flask`` commands sharing the test's session."""
    return app.test_cli_runner()


@pytest.fixture
def dialect(app) -> str:
    """The name of the database engine the test runs on."""
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
