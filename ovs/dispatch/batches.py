"""Dispatch batches: issue a ballot, with its outbound and return items, per voter.

A batch belongs to one mission and one partner post. Everything it issues is
written in one savepoint: if any voter cannot be numbered, nothing stays behind.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.dispatch import numbers
from ovs.dispatch.errors import NothingToIssue
from ovs.dispatch.errors import RangesExhausted
from ovs.dispatch.lookups import mission_by_code
from ovs.dispatch.lookups import partner_by_code
from ovs.dispatch.routing import RoutingPlan
from ovs.dispatch.routing import Unroutable
from ovs.dispatch.routing import VoterStop
from ovs.dispatch.routing import route
from ovs.dispatch.settings import setting
from ovs.errors import InvalidInput
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import TrackingRange
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal.lanes import SERVICE_ORDER
from ovs.postal.lanes import LaneOption
from ovs.postal.status import BallotState
from ovs.postal.status import Leg
from ovs.tracking.status import derive

log = logs.get(__name__)

MIXED = "mixed"


@dataclass
class BatchResult:
    """What a batch issued, whom it could not route, and ranges running low."""

    batch: DispatchBatch
    ballots: int
    by_class: dict[str, int]
    unroutable: list[Unroutable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def create_batch(
    session,
    *,
    mission_code: str,
    actor: str,
    partner_code: str | None = None,
    limit: int | None = None,
    countries: Sequence[str] | None = None,
    registry_numbers: Sequence[str] | None = None,
    now: dt.datetime | None = None,
) -> BatchResult:
    """Issue ballots to the mission's pending voters (filtered, up to ``limit``)."""
    now = now or utcnow()
    mission = mission_by_code(session, mission_code)
    partner = _partner_for(session, mission, partner_code)
    stops = pending_voters(
        session, mission, countries=countries, registry_numbers=registry_numbers
    )
    if not stops:
        raise NothingToIssue(
            f"Mission {mission.code} has no voter waiting for a ballot"
            + (" that matches the filter." if countries or registry_numbers else ".")
        )
    with session.begin_nested():
        return issue(
            session, mission, partner, stops, actor=actor, now=now, limit=limit
        )


def issue(
    session,
    mission: Mission,
    partner: PartnerPost,
    stops: Sequence[VoterStop],
    *,
    actor: str,
    now: dt.datetime,
    limit: int | None = None,
    replaces: dict[int, int] | None = None,
) -> BatchResult:
    """Route the voters and issue a batch to those routed, in the caller's savepoint."""
    plan = route(
        session,
        mission,
        partner,
        stops,
        posted_at=now,
        deadline=mission.election.return_deadline,
        numbered_classes=numbers.numbered_classes(session, partner.id, mission.id),
    )
    chosen = [s for s in stops if s.voter_id in plan.routes][:limit]
    if not chosen:
        raise NothingToIssue(
            f"No voter of mission {mission.code} can be routed in time through "
            f"{partner.code}: {_reasons(plan)}.",
            plan.unroutable,
        )
    by_class = Counter(plan.routes[s.voter_id].service_class for s in chosen)
    tracking, warnings = _numbers(session, partner, mission, by_class)
    batch = DispatchBatch(
        mission_id=mission.id,
        partner_id=partner.id,
        service_class=by_class.most_common(1)[0][0] if len(by_class) == 1 else MIXED,
        state="issued",
        # The envelopes handed to the post: one outbound item per ballot.
        item_count=len(chosen),
        created_by=actor,
        created_at=now,
    )
    session.add(batch)
    session.flush()
    _write_ballots(session, batch, mission, chosen, plan, tracking, now, replaces or {})
    audit.record(
        session,
        actor=actor,
        action="batch.issue",
        object_type="dispatch_batch",
        object_id=batch.id,
        mission_id=mission.id,
        details={
            "partner": partner.code,
            "ballots": len(chosen),
            "by_class": dict(by_class),
            "unroutable": len(plan.unroutable),
        },
    )
    log.info(
        "batch.issued",
        batch_id=batch.id,
        mission_id=mission.id,
        partner_id=partner.id,
        ballots=len(chosen),
        unroutable=len(plan.unroutable),
    )
    return BatchResult(batch, len(chosen), dict(by_class), plan.unroutable, warnings)


def pending_voters(
    session,
    mission: Mission,
    *,
    countries: Sequence[str] | None = None,
    registry_numbers: Sequence[str] | None = None,
) -> list[VoterStop]:
    """The mission's voters with no live ballot, in registry order."""
    live = exists().where(Ballot.voter_id == Voter.id, Ballot.state == BallotState.LIVE)
    query = (
        select(Voter.id, Voter.registry_number, Voter.country)
        .where(Voter.mission_id == mission.id, ~live)
        .order_by(Voter.id)
    )
    if countries:
        query = query.where(Voter.country.in_([c.upper() for c in countries]))
    if registry_numbers:
        query = query.where(Voter.registry_number.in_(list(registry_numbers)))
    return [VoterStop(*row) for row in session.execute(query)]


def _partner_for(session, mission: Mission, code: str | None) -> PartnerPost:
    if code:
        return partner_by_code(session, code)
    partners = list(
        session.scalars(
            select(PartnerPost)
            .join(TrackingRange, TrackingRange.partner_id == PartnerPost.id)
            .where(TrackingRange.mission_id == mission.id)
            .distinct()
            .order_by(PartnerPost.code)
        )
    )
    if not partners:
        raise RangesExhausted(
            f"Mission {mission.code} has no tracking-number range from any partner "
            "post. Add one with: flask --app ovs ranges add --partner CODE "
            f"--mission {mission.code} --indicator RR --first N --count N"
        )
    if len(partners) > 1:
        raise InvalidInput(
            f"Mission {mission.code} has ranges from several partner posts "
            f"({', '.join(p.code for p in partners)}); choose one with --partner."
        )
    return partners[0]


def _numbers(session, partner, mission, by_class) -> tuple[dict, list[str]]:
    """Two numbers per ballot (outbound, return) for each class, cheapest first."""
    tracking, warnings = {}, []
    for service in SERVICE_ORDER:
        if by_class.get(service):
            taken, warned = numbers.take(
                session,
                partner=partner,
                mission=mission,
                service_class=service,
                count=2 * by_class[service],
            )
            tracking[service] = iter(taken)
            warnings.extend(warned)
    return tracking, warnings


def _write_ballots(session, batch, mission, chosen, plan, tracking, now, replaces):
    sequences = _last_sequences(session, mission.id)
    ballot_rows = [
        {
            "voter_id": s.voter_id,
            "mission_id": mission.id,
            "batch_id": batch.id,
            "sequence": sequences.get(s.voter_id, 0) + 1,
            "state": BallotState.LIVE,
            "replaces_id": replaces.get(s.voter_id),
            "created_at": now,
        }
        for s in chosen
    ]
    ballot_ids = {}
    for start in range(0, len(ballot_rows), 5000):
        chunk = ballot_rows[start : start + 5000]
        for ballot_id, voter_id in session.execute(
            insert(Ballot.__table__).returning(
                Ballot.__table__.c.id, Ballot.__table__.c.voter_id
            ),
            chunk,
        ):
            ballot_ids[voter_id] = ballot_id
    templates = _item_templates(batch, plan, now, mission.election.return_deadline)
    item_rows = []
    for stop in chosen:
        option = plan.routes[stop.voter_id]
        numbers_ = tracking[option.service_class]
        for leg in (Leg.OUTBOUND, Leg.RETURN):
            row = dict(templates[option, leg])
            row["ballot_id"] = ballot_ids[stop.voter_id]
            row["tracking_number"] = next(numbers_)
            row["voter_country"] = stop.country
            item_rows.append(row)
    for start in range(0, len(item_rows), 5000):
        session.execute(insert(Item.__table__), item_rows[start : start + 5000])


def _item_templates(batch, plan: RoutingPlan, now, deadline) -> dict:
    """What every item of one routing option and leg shares, computed once."""
    voter_days = float(setting("VOTER_TURNAROUND_DAYS"))
    templates = {}
    for option in set(plan.routes.values()):
        for leg in (Leg.OUTBOUND, Leg.RETURN):
            p50, p90 = expected_times(option, leg, now, voter_days)
            templates[option, leg] = {
                "mission_id": batch.mission_id,
                "partner_id": batch.partner_id,
                "lane_id": option.outbound_lane_id
                if leg == Leg.OUTBOUND
                else option.return_lane_id,
                "leg": leg,
                "service_class": option.service_class,
                "status": derive(leg, [], deadline),
                "status_changed_at": now,
                "expected_p50_at": p50,
                "expected_p90_at": p90,
                "next_poll_at": None,
                "created_at": now,
            }
    return templates


def expected_times(
    option: LaneOption, leg: str, posted_at: dt.datetime, voter_days: float
) -> tuple[dt.datetime, dt.datetime]:
    """When an item should arrive (median, 90th percentile) if posted then."""
    out = option.outbound
    if leg == Leg.OUTBOUND:
        return (
            posted_at + dt.timedelta(days=out.p50_days),
            posted_at + dt.timedelta(days=out.p90_days),
        )
    back = option.back
    return (
        posted_at + dt.timedelta(days=out.p50_days + voter_days + back.p50_days),
        posted_at + dt.timedelta(days=out.p90_days + voter_days + back.p90_days),
    )


def _last_sequences(session, mission_id: int) -> dict[int, int]:
    return dict(
        session.execute(
            select(Ballot.voter_id, func.max(Ballot.sequence))
            .where(Ballot.mission_id == mission_id)
            .group_by(Ballot.voter_id)
        ).all()
    )


def _reasons(plan: RoutingPlan) -> str:
    counts = Counter(u.reason for u in plan.unroutable)
    return "; ".join(f"{n} voter(s): {reason}" for reason, n in counts.most_common(3))


def list_batches(session, mission_code: str | None = None) -> list[DispatchBatch]:
    """Dispatch batches, newest first, of one mission or of all."""
    query = select(DispatchBatch).order_by(DispatchBatch.id.desc())
    if mission_code:
        query = query.where(
            DispatchBatch.mission_id == mission_by_code(session, mission_code).id
        )
    return list(session.scalars(query))
