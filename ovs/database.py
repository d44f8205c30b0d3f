"""Database URLs, connection set-up and the schema check at start-up."""

import sqlite3
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import OperationalError

from config import ConfigError
from ovs.errors import ServiceUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def normalise_url(raw: str) -> str:
    """Check a database URL and give it the driver OVS uses; refuse bad ones."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            "OVS_DATABASE_URL is not a database URL: expected something like "
            "sqlite:///instance/ovs.sqlite or postgresql://user@host:5432/ovs."
        ) from None
    backend = url.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"OVS_DATABASE_URL uses {backend!r}; OVS runs on sqlite or postgresql."
        )
    if url.drivername in _DRIVERS:
        url = url.set(drivername=_DRIVERS[url.drivername])
    if backend == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return url.render_as_string(hide_password=False)


def describe_url(raw: str) -> str:
    """The URL with any password hidden, safe to print or log."""
    return make_url(raw).render_as_string(hide_password=True)


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy, not pysqlite, decide where transactions begin, so that
    # savepoints and rollback behave as they do on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# How SQLite transactions begin. "BEGIN IMMEDIATE" takes the write lock at once,
# so busy writers queue (busy_timeout) instead of failing with "database is
# locked" when a transaction that has read tries to write; the demo, which
# polls, takes callbacks and serves pages at once, sets it.
SQLITE_BEGIN = "BEGIN"


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_BEGIN)


def head_revision() -> str:
    """The newest migration in the code."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise ServiceUnavailable(
            f"Cannot reach the database at {describe_url(str(engine.url))}: "
            f"{_first_line(exc)}. Check OVS_DATABASE_URL and that the server runs."
        ) from None


def check_reachable(engine) -> None:
    """Raise ServiceUnavailable with a one-line reason when the database is down."""
    current_revision(engine)


def check_schema(engine) -> None:
    """Raise when the database is unreachable or behind the latest migration."""
    current = current_revision(engine)
    head = head_revision()
    if current != head:
        where = "empty" if current is None else f"at migration {current}"
        raise SchemaBehind(
            f"The database is {where}, the code needs {head}. "
            "Run: flask --app ovs db upgrade"
        )


def ping(session) -> bool:
    """Whether the database answers a trivial query."""
    try:
        session.execute(text("SELECT 1"))
        return True
    except OperationalError:
        session.rollback()
        return False


class SchemaBehind(ServiceUnavailable):
    """The database needs `flask db upgrade` before OVS can use it."""


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", exc)
    return (
        str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    )
