"""Events per second through the ingest path, next to a plain insert of the same rows.

    python bench/ingest.py [--events 40000] [--batch 500]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each database (SQLite always, PostgreSQL when a server URL is given or
``OVS_TEST_POSTGRES_URL`` is set) it fills a scratch database with items in
flight, feeds journeys of eight events per item through ``ingest`` in batches
(dedupe, store, derive, outbox, commit per batch), then empties the event table
and inserts the very same rows with a plain ``executemany`` per batch. It prints
both rates and their ratio.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tracking_world

from ovs.extensions import db
from ovs.models import Item
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.postal.status import EventSource
from ovs.tracking import ingest as ingest_module
from partners.base import ParsedEvent

KL = dt.timezone(dt.timedelta(hours=8))


def journeys(numbers: list[str], count: int) -> list[ParsedEvent]:
    """Eight events per item, item after item, as polling finds them."""
    start = dt.datetime(2027, 1, 5, 9, tzinfo=KL)
    events = []
    for n, number in enumerate(numbers):
        for step, code in enumerate(tracking_world.JOURNEY):
            at = start + dt.timedelta(hours=n % 48 + 9 * step)
            events.append(
                ParsedEvent(number, code, code.value, None, at, location=f"HUB {step}")
            )
            if len(events) == count:
                return events
    return events


def through_ingest(session, events, batch: int) -> float:
    """Seconds to ingest every event in batches, committing each."""
    started = time.perf_counter()
    for i in range(0, len(events), batch):
        ingest_module.ingest(session, events[i : i + batch], source=EventSource.POLL)
        session.commit()
    return time.perf_counter() - started


def plain_rows(session, events) -> list[dict]:
    """The rows ingest stored, rebuilt for a plain insert."""
    ids = dict(session.execute(select(Item.tracking_number, Item.id)).all())
    now = dt.datetime.now(dt.UTC)
    rows = []
    for event in events:
        item = Item(id=ids[event.tracking_number])
        print_ = ingest_module.fingerprint(event)
        rows.append(ingest_module._row(event, item, EventSource.POLL, print_, now))
    return rows


def plain_insert(session, rows, batch: int) -> float:
    """Seconds to insert the same rows with executemany, committing each batch."""
    session.execute(delete(TrackingEvent))
    session.execute(delete(OutboxMessage))
    session.commit()
    started = time.perf_counter()
    for i in range(0, len(rows), batch):
        session.execute(insert(TrackingEvent), rows[i : i + batch])
        session.commit()
    return time.perf_counter() - started


def run(engine: str, postgres: str | None, count: int, batch: int) -> None:
    """Measure one database and print its line."""
    ballots = count // (2 * len(tracking_world.JOURNEY)) + 1
    with tracking_world.world(engine, postgres, ballots):
        session = db.session
        events = journeys(tracking_world.numbers(session), count)
        ingest_seconds = through_ingest(session, events, batch)
        stored = session.query(TrackingEvent).count()
        rows = plain_rows(session, events)
        plain_seconds = plain_insert(session, rows, batch)
    ingest_rate, plain_rate = len(events) / ingest_seconds, len(rows) / plain_seconds
    print(
        f"{engine:<10} events={len(events):>7,} stored={stored:>7,} batch={batch} "
        f"ingest={ingest_rate:>8,.0f}/s plain_insert={plain_rate:>8,.0f}/s "
        f"ratio={ingest_rate / plain_rate:.2f}"
    )


def main() -> None:
    """Run on SQLite and, when a server is given, on PostgreSQL."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=40_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get("OVS_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    run("sqlite", None, args.events, args.batch)
    if args.postgres:
        run("postgresql", args.postgres, args.events, args.batch)
    else:
        print("postgresql skipped: give --postgres or set OVS_TEST_POSTGRES_URL")


if __name__ == "__main__":
    main()
