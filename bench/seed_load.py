"""How long the demo load takes: N voters into a fresh SQLite (and PostgreSQL) database.

    python bench/seed_load.py --voters 200000 [--postgres URL]

Prints one line per database: voters, seconds, voters per second.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.demo.seed import seed_demo
from ovs.extensions import db


def measure(url: str, voters: int) -> float:
    """Seconds to load ``voters`` demo voters into a migrated, empty database."""
    app = scratch.migrated_app(url)
    with app.app_context():
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
    with scratch.database("sqlite", None) as url:
        report("sqlite", args.voters, measure(url, args.voters))
    if args.postgres:
        with scratch.postgres_database(args.postgres) as url:
            report("postgresql", args.voters, measure(url, args.voters))


if __name__ == "__main__":
    main()
