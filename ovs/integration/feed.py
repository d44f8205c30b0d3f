"""Reading a table in id order without skipping rows committed out of order.

On PostgreSQL, ids come from a sequence when a row is inserted, not when its
transaction commits: a reader can see id 101 while id 100 is still in flight,
and a cursor moved past 101 would skip 100 for ever. A hole in the ids is
therefore read as "maybe still coming" until the row after it is older than a
settle window; by then the hole is a rolled-back insert or a duplicate that
took a sequence value, and reading goes on past it. The cost is that a reader
can lag by the settle window behind a hole; a transaction that stays open
longer than the window after taking its id can still be skipped.
"""

import datetime as dt

from sqlalchemy import select

# How many ids one call looks at, so that a long backlog is read in steps.
SCAN_LIMIT = 5000


def settled_horizon(
    session,
    id_column,
    time_column,
    *,
    after: int,
    now: dt.datetime,
    settle: dt.timedelta,
    scan_limit: int = SCAN_LIMIT,
) -> tuple[int, bool]:
    """The highest id up to which every row that will ever exist is visible now.

    Also says whether the scan stopped at its limit with everything settled, in
    which case more settled rows may lie beyond it.
    """
    rows = session.execute(
        select(id_column, time_column)
        .where(id_column > after)
        .order_by(id_column)
        .limit(scan_limit)
    ).all()
    horizon = after
    for row_id, stamped_at in rows:
        if row_id != horizon + 1 and stamped_at > now - settle:
            break
        horizon = row_id
    full = len(rows) == scan_limit and bool(rows) and horizon == rows[-1][0]
    return horizon, full
