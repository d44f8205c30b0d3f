"""Tracking-number ranges: adding them, and issuing their numbers with no gap or repeat.

Partner posts allocate blocks of S10 serials to missions. Issuing locks the
ranges it draws from (``FOR UPDATE`` on PostgreSQL; SQLite has one writer), so
staff issuing at the same time get consecutive, distinct numbers, and numbers
taken by a transaction that rolls back go back to the range with it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from ovs import audit
from ovs import logs
from ovs.dispatch.errors import BadRange
from ovs.dispatch.errors import RangeOverlap
from ovs.dispatch.errors import RangesExhausted
from ovs.dispatch.lookups import mission_by_code
from ovs.dispatch.lookups import partner_by_code
from ovs.dispatch.settings import setting
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import TrackingRange
from ovs.models.base import utcnow
from ovs.postal import s10
from ovs.postal.lanes import SERVICE_LETTERS
from ovs.postal.lanes import service_for_indicator

log = logs.get(__name__)

MAX_SERIAL = 99_999_999


@dataclass(frozen=True)
class RangeView:
    """A range as staff see it: how much is used and whether it runs low."""

    range: TrackingRange
    size: int
    used: int
    remaining: int
    low: bool


def take(
    session, *, partner: PartnerPost, mission: Mission, service_class: str, count: int
) -> tuple[list[str], list[str]]:
    """Issue ``count`` numbers for one class; return them and any low-range warnings."""
    if count <= 0:
        return [], []
    ranges = _open_ranges(session, partner.id, mission.id, service_class)
    available = sum(r.remaining for r in ranges)
    if available < count:
        raise RangesExhausted(
            f"Mission {mission.code} has {available:,} {service_class} tracking "
            f"numbers left from {partner.code}; this needs {count:,}. Nothing was "
            f"issued. Ask {partner.code} for a new range and add it with: flask "
            f"--app ovs ranges add --partner {partner.code} --mission {mission.code} "
            f"--indicator {SERVICE_LETTERS[service_class]}X --first N --count N"
        )
    numbers: list[str] = []
    warnings: list[str] = []
    for rng in ranges:
        if len(numbers) == count:
            break
        start = rng.next_serial
        taken = min(rng.remaining, count - len(numbers))
        session.execute(
            update(TrackingRange)
            .where(TrackingRange.id == rng.id)
            .values(next_serial=start + taken)
            .execution_options(synchronize_session=False)
        )
        rng.next_serial = start + taken
        numbers.extend(
            str(s10.make(rng.service_indicator, serial, rng.country))
            for serial in range(start, start + taken)
        )
        warnings.extend(_low_water(session, rng, ranges, mission, partner))
    return numbers, warnings


def numbered_classes(session, partner_id: int, mission_id: int) -> set[str]:
    """The service classes a partner has allocated this mission ranges for."""
    indicators = session.scalars(
        select(TrackingRange.service_indicator)
        .where(
            TrackingRange.partner_id == partner_id,
            TrackingRange.mission_id == mission_id,
        )
        .distinct()
    )
    return {service_for_indicator(i) for i in indicators} - {None}


def _open_ranges(session, partner_id, mission_id, service_class) -> list[TrackingRange]:
    letter = SERVICE_LETTERS[service_class]
    # Locked in id order so two issuers never wait on each other in a cycle;
    # populate_existing so a range already in this session shows its locked value.
    return list(
        session.scalars(
            select(TrackingRange)
            .where(
                TrackingRange.partner_id == partner_id,
                TrackingRange.mission_id == mission_id,
                TrackingRange.service_indicator.like(f"{letter}%"),
                TrackingRange.next_serial <= TrackingRange.last_serial,
            )
            .order_by(TrackingRange.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _low_water(session, rng, ranges, mission, partner) -> list[str]:
    size = rng.last_serial - rng.first_serial + 1
    fraction = float(setting("RANGE_LOW_WATER_FRACTION"))
    if rng.low_warned_at is not None or rng.remaining >= fraction * size:
        return []
    rng.low_warned_at = utcnow()
    session.execute(
        update(TrackingRange)
        .where(TrackingRange.id == rng.id)
        .values(low_warned_at=rng.low_warned_at)
        .execution_options(synchronize_session=False)
    )
    pool = sum(r.remaining for r in ranges)
    log.warning(
        "range.low",
        range_id=rng.id,
        mission_id=mission.id,
        partner_id=partner.id,
        remaining=rng.remaining,
        size=size,
        pool_remaining=pool,
    )
    return [
        f"Range {rng.id} ({rng.service_indicator}, {partner.code} for {mission.code}) "
        f"is running low: {rng.remaining:,} of {size:,} numbers left, {pool:,} left "
        f"in all for this class. Ask {partner.code} for a new range."
    ]


def add_range(
    session,
    *,
    partner_code: str,
    mission_code: str,
    indicator: str,
    first: int,
    count: int,
    actor: str,
    now: dt.datetime | None = None,
) -> TrackingRange:
    """Record a range a partner allocated; refuse numbers used in the reuse window."""
    now = now or utcnow()
    partner = partner_by_code(session, partner_code)
    mission = mission_by_code(session, mission_code)
    indicator = _checked_indicator(indicator)
    last = _checked_bounds(first, count)
    cutoff = months_before(now, int(setting("TRACKING_NUMBER_REUSE_MONTHS")))
    _refuse_overlap(session, indicator, partner.country, first, last, cutoff)
    rng = TrackingRange(
        partner=partner,
        mission=mission,
        service_indicator=indicator,
        country=partner.country,
        first_serial=first,
        last_serial=last,
        next_serial=first,
        allocated_at=now,
    )
    session.add(rng)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="range.add",
        object_type="tracking_range",
        object_id=rng.id,
        mission_id=mission.id,
        details={
            "partner": partner.code,
            "indicator": indicator,
            "first": first,
            "last": last,
        },
    )
    log.info("range.added", range_id=rng.id, mission_id=mission.id, size=count)
    return rng


def _checked_indicator(indicator: str) -> str:
    value = (indicator or "").strip().upper()
    if len(value) != 2 or not value.isalpha() or service_for_indicator(value) is None:
        raise BadRange(
            "The service indicator is two letters starting with R (registered), "
            f"L (tracked) or E (EMS), like RR, LX or EE; got {indicator!r}."
        )
    return value


def _checked_bounds(first: int, count: int) -> int:
    if count < 1:
        raise BadRange(f"A range holds at least one number; got a count of {count}.")
    if first < 0 or first + count - 1 > MAX_SERIAL:
        raise BadRange(
            f"S10 serials run from 0 to {MAX_SERIAL:,}; a range of {count:,} "
            f"from {first:,} does not fit."
        )
    return first + count - 1


def _refuse_overlap(session, indicator, country, first, last, cutoff) -> None:
    clash = session.scalar(
        select(TrackingRange)
        .where(
            TrackingRange.service_indicator == indicator,
            TrackingRange.country == country,
            TrackingRange.first_serial <= last,
            TrackingRange.last_serial >= first,
            (TrackingRange.allocated_at >= cutoff)
            | (TrackingRange.next_serial <= TrackingRange.last_serial),
        )
        .order_by(TrackingRange.id)
        .limit(1)
    )
    if clash is not None:
        raise RangeOverlap(
            f"{indicator} {first:08d}-{last:08d} ({country}) overlaps range "
            f"{clash.id} ({clash.first_serial:08d}-{clash.last_serial:08d}, "
            f"allocated {clash.allocated_at:%Y-%m-%d}); a tracking number is not "
            f"reused within {setting('TRACKING_NUMBER_REUSE_MONTHS')} months. Ask "
            "the post for serials that do not overlap."
        )
    used = session.scalar(
        select(func.count())
        .select_from(Item)
        .where(
            Item.tracking_number.like(f"{indicator}%{country}"),
            func.length(Item.tracking_number) == 13,
            Item.created_at >= cutoff,
            cast(func.substr(Item.tracking_number, 3, 8), Integer).between(first, last),
        )
    )
    if used:
        raise RangeOverlap(
            f"{used:,} numbers of {indicator} {first:08d}-{last:08d} ({country}) were "
            f"used in the last {setting('TRACKING_NUMBER_REUSE_MONTHS')} months; a "
            "tracking number is not reused within that time. Ask the post for "
            "other serials."
        )


def list_ranges(session, mission_code: str | None = None) -> list[RangeView]:
    """Every range (or one mission's), with use and whether it runs low."""
    query = select(TrackingRange).order_by(TrackingRange.mission_id, TrackingRange.id)
    if mission_code:
        query = query.where(
            TrackingRange.mission_id == mission_by_code(session, mission_code).id
        )
    fraction = float(setting("RANGE_LOW_WATER_FRACTION"))
    views = []
    for rng in session.scalars(query):
        size = rng.last_serial - rng.first_serial + 1
        views.append(
            RangeView(
                rng,
                size,
                size - rng.remaining,
                rng.remaining,
                rng.remaining < fraction * size,
            )
        )
    return views


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` months earlier, clamped to month end."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
