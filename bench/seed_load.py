"""How long the demo load takes: N voters into a fresh SQLite (and PostgreSQL) database.

    python bench/seed_load.py --voters 200000 [--postgres URL]

Prints one line per database: voters, seconds, voters per second.
"""

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

from ovs import create_app
from ovs.demo.seed import seed_demo
from ovs.extensions import db


def measure(url: str, voters: int) -> float:
    """Seconds to load ``voters`` demo voters into a migrated, empty database."""
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed_demo(db.session, voters=voters)
        db.session.commit()
        elapsed = time.perf_counter() - started
        db.engine.dispose()
    return elapsed


def report(name: str, voters: int, seconds: float) -> None:
    """Print one result line."""
    print(
        f"{name:<10} voters={voters:>9,} seconds={seconds:7.1f} "
        f"rate={voters / seconds:>9,.0f}/s"
    )


def main() -> None:
    """Run the load on SQLite, and on PostgreSQL when a server URL is given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--postgres", help="server URL to create a scratch database on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        report("sqlite", args.voters, measure(url, args.voters))
    if args.postgres:
        name = f"ovs_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = admin.url.set(database=name).render_as_string(hide_password=False)
            report("postgresql", args.voters, measure(url, args.voters))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
