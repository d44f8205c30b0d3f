"""Lane arithmetic: which service class gets a ballot out and back before the deadline.

A ballot makes a round trip: the outbound item travels mission -> voter, the
voter fills the ballot in, and the return item travels voter -> mission. A
class is adequate when that whole trip, at each lane's 90th-percentile transit
time, ends before the election's return deadline. The cheapest adequate class
wins; registered mail comes first because it is signed for on delivery.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ovs.postal.status import ServiceClass

# Cheapest first; the order routing tries classes in.
SERVICE_ORDER = (ServiceClass.REGISTERED, ServiceClass.TRACKED, ServiceClass.EMS)

# The first letter of the S10 service indicator each class is numbered under.
SERVICE_LETTERS = {
    ServiceClass.REGISTERED: "R",
    ServiceClass.TRACKED: "L",
    ServiceClass.EMS: "E",
}


def service_for_indicator(indicator: str) -> ServiceClass | None:
    """The service class of an S10 service indicator (``RR``, ``LX``, ``EE``)."""
    letter = (indicator or "")[:1].upper()
    for service, first in SERVICE_LETTERS.items():
        if first == letter:
            return service
    return None


@dataclass(frozen=True)
class TransitTimes:
    """Transit days of one lane: the median and the 90th percentile in use."""

    p50_days: float
    p90_days: float
    observed: bool


def transit_times(
    *,
    default_p50_days: float,
    default_p90_days: float,
    observed_count: int,
    observed_p50_days: float | None,
    observed_p90_days: float | None,
    min_observations: int,
) -> TransitTimes:
    """Observed times once enough items were seen, else the configured defaults."""
    if (
        observed_count >= min_observations
        and observed_p50_days is not None
        and observed_p90_days is not None
    ):
        return TransitTimes(observed_p50_days, observed_p90_days, True)
    return TransitTimes(default_p50_days, default_p90_days, False)


@dataclass(frozen=True)
class LaneOption:
    """One service class on offer for a voter: both legs' transit times."""

    service_class: ServiceClass
    outbound_lane_id: int
    return_lane_id: int
    outbound: TransitTimes
    back: TransitTimes

    def round_trip_days(self, voter_days: float) -> float:
        """Days from posting until the return item arrives, at the 90th percentile."""
        return self.outbound.p90_days + voter_days + self.back.p90_days


@dataclass(frozen=True)
class Choice:
    """The class routing picked, or why none fits (``option`` None)."""

    option: LaneOption | None
    reason: str | None = None


def choose(
    options: Iterable[LaneOption],
    *,
    posted_at: dt.datetime,
    deadline: dt.datetime,
    voter_days: float,
) -> Choice:
    """The cheapest option whose round trip at p90 ends by the deadline."""
    by_class = {o.service_class: o for o in options}
    if not by_class:
        return Choice(None, "no lane")
    left = (deadline - posted_at).total_seconds() / 86400
    for service in SERVICE_ORDER:
        option = by_class.get(service)
        if option and option.round_trip_days(voter_days) <= left:
            return Choice(option)
    fastest = min(by_class.values(), key=lambda o: o.round_trip_days(voter_days))
    return Choice(
        None,
        f"too late: the fastest class ({fastest.service_class}) needs "
        f"{fastest.round_trip_days(voter_days):.1f} days out and back at the 90th "
        f"percentile, {max(left, 0):.1f} days are left before the deadline",
    )


def expected_arrival(
    posted_at: dt.datetime, days: float, *, after_days: float = 0.0
) -> dt.datetime:
    """When an item posted at ``posted_at`` (plus a head start) arrives."""
    return posted_at + dt.timedelta(days=after_days + days)
