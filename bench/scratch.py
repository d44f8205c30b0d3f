"""Shared by the benchmarks: scratch databases, a migrated app, a local server."""

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

from ovs import create_app


@contextlib.contextmanager
def postgres_database(server: str, keep: bool = False):
    """The URL of a new, empty database on ``server``, dropped unless kept."""
    name = f"ovs_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(_driver(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def database(engine: str, postgres: str | None):
    """The URL of an empty SQLite or PostgreSQL database, removed afterwards."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        return
    with postgres_database(postgres) as url:
        yield url


def _driver(url: str) -> str:
    # Only psycopg 3 is installed; a bare postgresql:// would ask for psycopg2.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def migrated_app(url: str, **config):
    """The app on a migrated database, quiet."""
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"} | config)
    with app.app_context():
        upgrade()
    return app


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answering(process: subprocess.Popen, url: str, what: str) -> subprocess.Popen:
    """``process`` once ``url`` answers; killed, ending the run, after a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{what} did not start within a minute")
