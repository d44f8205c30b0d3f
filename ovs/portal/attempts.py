"""Look-up attempts counted per key (a client address, a voter record) in fixed windows.

Counting is one upsert that returns the new count, so concurrent requests on
PostgreSQL never lose an increment and no key needs a read first.
"""

import datetime as dt

from sqlalchemy import delete
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ovs.models import AttemptCounter
from ovs.models.base import utcnow


def window_start(now: dt.datetime, window_seconds: int) -> dt.datetime:
    """The start of the fixed window that ``now`` falls in."""
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % window_seconds, dt.UTC)


def relax_commit(session) -> None:
    """Let this transaction commit without waiting for the disk (PostgreSQL).

    Losing the last few counts in a server crash costs nothing worth a flush
    to disk on every look-up; on a busy server it halves the commit time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def bump(session, counts: dict[str, int], window_seconds: int) -> dict[str, int]:
    """Add to each key's count in the current window; return each count before.

    One statement for all keys, in key order, so two look-ups never wait on
    each other's rows in opposite orders.
    """
    start = window_start(utcnow(), window_seconds)
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [
        {"key": key, "window_start": start, "count": by}
        for key, by in sorted(counts.items())
    ]
    statement = insert(AttemptCounter).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["key", "window_start"],
        set_={"count": AttemptCounter.count + statement.excluded.count},
    ).returning(AttemptCounter.key, AttemptCounter.count)
    return {key: count - counts[key] for key, count in session.execute(statement)}


def prune(session, window_seconds: int) -> int:
    """Delete counters from windows that have ended; return how many went."""
    cutoff = window_start(utcnow(), window_seconds)
    result = session.execute(
        delete(AttemptCounter).where(AttemptCounter.window_start < cutoff)
    )
    return result.rowcount or 0
