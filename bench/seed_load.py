"""How long the demo load takes: N voters into a fresh SQLite (and PostgreSQL) database.

    python bench/seed_load.py --voters 200000 [--postgres URL]

Prints one line per database: the voters' load time and rate, then the time to
issue and hand over ballots for ``--dispatched`` of them (0 skips it).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.demo.seed import DISPATCHED_SHARE
from ovs.demo.seed import dispatch_share
from ovs.demo.seed import seed_demo
from ovs.extensions import db


def measure(url: str, voters: int, dispatched: float) -> tuple[float, float]:
    """Seconds to load the voters, then to issue and hand over their ballots."""
    app = scratch.migrated_app(url)
    with app.app_context():
        started = time.perf_counter()
        result = seed_demo(db.session, voters=voters, dispatched=0)
        db.session.commit()
        loaded = time.perf_counter()
        if dispatched:
            dispatch_share(db.session, result.missions, dispatched)
            db.session.commit()
        finished = time.perf_counter()
        db.engine.dispose()
    return loaded - started, finished - loaded


def report(name: str, voters: int, seconds: tuple[float, float], share: float):
    """Print one result line: the voters' load, then the dispatch."""
    load, dispatch = seconds
    print(
        f"{name:<10} voters={voters:>9,} load={load:7.1f}s "
        f"rate={voters / load:>9,.0f}/s "
        f"dispatch({share:.0%} handed over)={dispatch:7.1f}s"
    )


def main() -> None:
    """Run the load on SQLite, and on PostgreSQL when a server URL is given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--postgres", help="server URL to create a scratch database on")
    parser.add_argument("--dispatched", type=float, default=DISPATCHED_SHARE)
    args = parser.parse_args()
    with scratch.database("sqlite", None) as url:
        seconds = measure(url, args.voters, args.dispatched)
        report("sqlite", args.voters, seconds, args.dispatched)
    if args.postgres:
        with scratch.postgres_database(args.postgres) as url:
            seconds = measure(url, args.voters, args.dispatched)
            report("postgresql", args.voters, seconds, args.dispatched)


if __name__ == "__main__":
    main()
