"""Routing: per voter, the lane and service class that gets the ballot back in time.

The pure arithmetic lives in ``ovs.postal.lanes``; this module reads lanes and
ranges from the database and explains every voter it cannot route.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import or_
from sqlalchemy import select

from ovs.dispatch.settings import setting
from ovs.models import Lane
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.postal.lanes import SERVICE_ORDER
from ovs.postal.lanes import LaneOption
from ovs.postal.lanes import choose
from ovs.postal.lanes import transit_times


@dataclass(frozen=True)
class VoterStop:
    """The facts routing needs about one voter."""

    voter_id: int
    registry_number: str
    country: str


@dataclass(frozen=True)
class Unroutable:
    """A voter no lane reaches in time, and why."""

    voter_id: int
    registry_number: str
    country: str
    reason: str


@dataclass
class RoutingPlan:
    """The option chosen per routed voter, and every voter left out with a reason."""

    routes: dict[int, LaneOption] = field(default_factory=dict)
    unroutable: list[Unroutable] = field(default_factory=list)


def route(
    session,
    mission: Mission,
    partner: PartnerPost,
    voters: Iterable[VoterStop],
    *,
    posted_at: dt.datetime,
    deadline: dt.datetime,
    numbered_classes: set[str],
) -> RoutingPlan:
    """Choose a service class for each voter; list those no class gets back in time."""
    lanes = _lanes(session, mission.country, partner.id)
    voter_days = float(setting("VOTER_TURNAROUND_DAYS"))
    plan = RoutingPlan()
    decided: dict[str, tuple[LaneOption | None, str | None]] = {}
    for stop in voters:
        if stop.country not in decided:
            options, reason = _options(lanes, mission, partner, stop.country)
            options = [o for o in options if o.service_class in numbered_classes]
            if reason is None and not options:
                reason = (
                    f"no tracking-number range from {partner.code} for the classes "
                    f"on the lane {mission.country} to {stop.country}"
                )
            if reason is None:
                choice = choose(
                    options,
                    posted_at=posted_at,
                    deadline=deadline,
                    voter_days=voter_days,
                )
                decided[stop.country] = (choice.option, choice.reason)
            else:
                decided[stop.country] = (None, reason)
        option, reason = decided[stop.country]
        if option is None:
            plan.unroutable.append(
                Unroutable(stop.voter_id, stop.registry_number, stop.country, reason)
            )
        else:
            plan.routes[stop.voter_id] = option
    return plan


def _lanes(session, mission_country: str, partner_id: int) -> list[Lane]:
    return list(
        session.scalars(
            select(Lane).where(
                Lane.partner_id == partner_id,
                Lane.active.is_(True),
                or_(
                    Lane.origin_country == mission_country,
                    Lane.destination_country == mission_country,
                ),
            )
        )
    )


def _options(lanes, mission, partner, country) -> tuple[list[LaneOption], str | None]:
    out = {
        lane.service_class: lane
        for lane in lanes
        if lane.origin_country == mission.country
        and lane.destination_country == country
    }
    back = {
        lane.service_class: lane
        for lane in lanes
        if lane.origin_country == country
        and lane.destination_country == mission.country
    }
    if not out:
        return [], f"no lane from {mission.country} to {country} through {partner.code}"
    # Without a reverse lane the return leg is taken to be as fast as the outbound.
    return [
        LaneOption(
            service_class=service,
            outbound_lane_id=out[service].id,
            return_lane_id=back.get(service, out[service]).id,
            outbound=lane_times(out[service]),
            back=lane_times(back.get(service, out[service])),
        )
        for service in SERVICE_ORDER
        if service in out
    ], None


def lane_times(lane: Lane):
    """The transit times routing uses for a lane: observed when there are enough."""
    return transit_times(
        default_p50_days=lane.default_p50_days,
        default_p90_days=lane.default_p90_days,
        observed_count=lane.observed_count,
        observed_p50_days=lane.observed_p50_days,
        observed_p90_days=lane.observed_p90_days,
        min_observations=int(setting("LANE_MIN_OBSERVATIONS")),
    )
