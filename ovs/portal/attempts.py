"""Look-up attempts counted per key (a client address, a voter record) in fixed windows.

Counting is one upsert that returns the new count, so concurrent requests on
PostgreSQL never lose an increment and no key needs a read first.
"""

import datetime as dt
import functools

from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import text

from ovs.models import AttemptCounter
from ovs.models.base import UTCDateTime
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


@functools.cache
def _upsert(rows: int):
    """The counting statement for ``rows`` keys, built once per size.

    PostgreSQL and SQLite share this upsert syntax; writing it out lets the
    statement be cached instead of compiled again on every look-up.
    """
    values = ", ".join(f"(:key{n}, :start, :by{n})" for n in range(rows))
    # Only bind-parameter names are formatted in; every value is bound.
    return text(
        "INSERT INTO attempt_counter (key, window_start, count) "  # noqa: S608
        f"VALUES {values} "
        "ON CONFLICT (key, window_start) "
        "DO UPDATE SET count = attempt_counter.count + excluded.count "
        "RETURNING key, count"
    ).bindparams(bindparam("start", type_=UTCDateTime()))


def bump(session, counts: dict[str, int], window_seconds: int) -> dict[str, int]:
    """Add to each key's count in the current window; return each count before.

    One statement for all keys, in key order, so two look-ups never wait on
    each other's rows in opposite orders.
    """
    params = {"start": window_start(utcnow(), window_seconds)}
    for n, (key, by) in enumerate(sorted(counts.items())):
        params[f"key{n}"] = key
        params[f"by{n}"] = by
    rows = session.execute(_upsert(len(counts)), params)
    return {key: count - counts[key] for key, count in rows}


def prune(session, window_seconds: int) -> int:
    """Delete counters from windows that have ended; return how many went."""
    cutoff = window_start(utcnow(), window_seconds)
    result = session.execute(
        delete(AttemptCounter).where(AttemptCounter.window_start < cutoff)
    )
    return result.rowcount or 0
