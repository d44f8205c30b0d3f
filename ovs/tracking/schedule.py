"""When to ask a partner about an item next: soon after movement, rarer when idle.

The interval is a quarter of the time since the item last moved, kept between
``POLL_MIN_INTERVAL_MINUTES`` and ``POLL_MAX_INTERVAL_MINUTES``. Items in a
final state, items a partner reports by callback and items older than
``POLL_MAX_AGE_DAYS`` are not polled at all.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import update

from ovs.models import Item
from ovs.postal.status import Leg


def interval(since_movement: dt.timedelta) -> dt.timedelta:
    """The pause before the next poll, given how long the item has been still."""
    config = current_app.config
    low = dt.timedelta(minutes=config["POLL_MIN_INTERVAL_MINUTES"])
    high = dt.timedelta(minutes=config["POLL_MAX_INTERVAL_MINUTES"])
    return min(high, max(low, since_movement / 4))


def next_poll(item: Item, final: bool, now: dt.datetime) -> dt.datetime | None:
    """When to poll an item next, or None to stop polling it."""
    if final or item.reported_by_callback:
        return None
    born = item.created_at or now
    max_age = dt.timedelta(days=current_app.config["POLL_MAX_AGE_DAYS"])
    if now - born > max_age:
        return None
    still_since = item.last_event_at or born
    return now + interval(max(now - still_since, dt.timedelta(0)))


def start_return_polling(session, ballot_ids, now: dt.datetime) -> None:
    """Start polling the return envelopes of ballots whose outbound was delivered."""
    if not ballot_ids:
        return
    session.execute(
        update(Item)
        .where(
            Item.ballot_id.in_(ballot_ids),
            Item.leg == Leg.RETURN,
            Item.next_poll_at.is_(None),
            Item.is_final.is_(False),
            Item.reported_by_callback.is_(False),
        )
        .values(next_poll_at=now)
        .execution_options(synchronize_session=False)
    )
