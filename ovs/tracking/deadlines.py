"""Expected arrivals, at-risk flags and lane transit times learned from events.

Each lane carries configured transit days (median and 90th percentile) as a
prior; delivered items teach it observed ones, and the two are blended by
observation count, so a lane with few deliveries still trusts its configuration.
An item's expected arrival is its posting time plus the lane's days. A return
is at risk when, at the lane's 90th percentile, it can no longer reach the
mission before the return deadline.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from ovs import logs
from ovs.models import Item
from ovs.models import Lane
from ovs.models import TrackingEvent
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.postal.status import EventSource
from ovs.postal.status import Leg

log = logs.get(__name__)

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Transit:
    """Transit days of a lane: median and 90th percentile."""

    p50_days: float
    p90_days: float


def _setting(name: str):
    return current_app.config[name]


def default_transit() -> Transit:
    """Transit days for an item with no lane."""
    return Transit(
        _setting("DEFAULT_TRANSIT_P50_DAYS"), _setting("DEFAULT_TRANSIT_P90_DAYS")
    )


def blend(prior: float, observed: float | None, count: int, weight: float) -> float:
    """The configured value and the observed one, weighted by observation count."""
    if observed is None or count <= 0:
        return prior
    return (prior * weight + observed * count) / (weight + count)


def lane_transit(lane: Lane | None) -> Transit:
    """The transit days OVS plans with for a lane, prior blended with observations."""
    if lane is None:
        return default_transit()
    weight = _setting("LANE_PRIOR_WEIGHT")
    count = lane.observed_count or 0
    return Transit(
        blend(lane.default_p50_days, lane.observed_p50_days, count, weight),
        blend(lane.default_p90_days, lane.observed_p90_days, count, weight),
    )


@dataclass(frozen=True)
class Outlook:
    """When an item should arrive and whether its ballot may miss the deadline."""

    expected_p50_at: dt.datetime | None
    expected_p90_at: dt.datetime | None
    at_risk: bool


def outlook(
    leg: str,
    final: bool,
    posted: dt.datetime | None,
    transit: Transit,
    deadline: dt.datetime | None,
    now: dt.datetime,
) -> Outlook:
    """Expected arrival of one item and its at-risk flag, from its lane and posting."""
    p50 = posted + transit.p50_days * DAY if posted else None
    p90 = posted + transit.p90_days * DAY if posted else None
    if final or deadline is None:
        return Outlook(p50, p90, False)
    # An item not yet posted (or overdue) can arrive no sooner than now plus
    # the lane's time, and never before now.
    arrival = max(p90 or now + transit.p90_days * DAY, now)
    if leg == Leg.OUTBOUND:
        # The return envelope travels the same lane back, the other way.
        arrival += transit.p90_days * DAY
    return Outlook(p50, p90, arrival > deadline)


def learn_lanes(session, now: dt.datetime | None = None) -> int:
    """Recompute every lane's observed transit times from posting to delivery."""
    now = now or utcnow()
    durations: dict[int, list[float]] = {}
    for lane_id, days in _observed_durations(session):
        if days is not None and days >= 0:
            durations.setdefault(lane_id, []).append(days)
    for lane_id, values in durations.items():
        p50, p90 = _percentiles(values)
        session.execute(
            update(Lane)
            .where(Lane.id == lane_id)
            .values(
                observed_count=len(values),
                observed_p50_days=p50,
                observed_p90_days=p90,
                observed_at=now,
            )
        )
    log.info("lanes.learned", lanes=len(durations))
    return len(durations)


def _observed_durations(session):
    posted = func.min(TrackingEvent.occurred_at).filter(
        TrackingEvent.code == EventCode.POSTED
    )
    delivered = func.min(TrackingEvent.occurred_at).filter(
        (TrackingEvent.code == EventCode.DELIVERED)
        | (TrackingEvent.source == EventSource.SCAN)
    )
    rows = session.execute(
        select(Item.lane_id, posted, delivered)
        .join(TrackingEvent, TrackingEvent.item_id == Item.id)
        .where(Item.lane_id.is_not(None))
        .group_by(Item.id, Item.lane_id)
    )
    for lane_id, start, end in rows:
        if start is not None and end is not None:
            yield lane_id, (_aware(end) - _aware(start)) / DAY


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type on SQLite and come back naive.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _percentiles(values: list[float]) -> tuple[float, float]:
    if len(values) == 1:
        return values[0], values[0]
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return statistics.median(values), cuts[8]
