"""The dashboard's figures, read from the counters: headline, breakdowns, flows."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import StatusCount
from ovs.models import StatusFlow
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

# The headline figures, each a set of (leg, status) pairs.
OUT_IN_FLIGHT = (S.IN_TRANSIT, S.AT_DELIVERY_OFFICE, S.OUT_FOR_DELIVERY, S.RETURNING)
FIGURES = {
    "issued": {(Leg.OUTBOUND, s) for s in S},
    "not_posted": {(Leg.OUTBOUND, S.PREPARED)},
    "posted": {(Leg.OUTBOUND, S.POSTED)},
    "in_transit": {(Leg.OUTBOUND, s) for s in OUT_IN_FLIGHT},
    "held_at_customs": {(Leg.OUTBOUND, S.HELD_AT_CUSTOMS)},
    "delivery_attempted": {(Leg.OUTBOUND, S.DELIVERY_ATTEMPTED)},
    "delivered": {(Leg.OUTBOUND, S.DELIVERED)},
    "returned_undeliverable": {(Leg.OUTBOUND, S.RETURNED_UNDELIVERABLE)},
    "return_posted": {(Leg.RETURN, S.POSTED_BY_VOTER), (Leg.RETURN, S.IN_TRANSIT)},
    "received_on_time": {(Leg.RETURN, S.RECEIVED_ON_TIME)},
    "received_late": {(Leg.RETURN, S.RECEIVED_LATE)},
    "lost": {(Leg.OUTBOUND, S.LOST), (Leg.RETURN, S.LOST)},
}
LABELS = {
    "issued": "Issued",
    "not_posted": "Not yet posted",
    "posted": "Posted",
    "in_transit": "In transit",
    "held_at_customs": "Held at customs",
    "delivery_attempted": "Delivery attempted",
    "delivered": "Delivered",
    "returned_undeliverable": "Returned undeliverable",
    "return_posted": "Return posted",
    "received_on_time": "Received on time",
    "received_late": "Received late",
    "lost": "Lost",
}


@dataclass(frozen=True)
class Scope:
    """Which counters a page reads: the caller's missions, narrowed by filters."""

    mission_ids: tuple[int, ...] | None = None
    country: str | None = None
    partner_id: int | None = None

    def where(self, statement):
        """Apply the scope to a select over StatusCount."""
        if self.mission_ids is not None:
            statement = statement.where(StatusCount.mission_id.in_(self.mission_ids))
        if self.country:
            statement = statement.where(StatusCount.country == self.country)
        if self.partner_id:
            statement = statement.where(StatusCount.partner_id == self.partner_id)
        return statement


def by_status(session, scope: Scope, *group) -> dict:
    """Counts per (*group, leg, status) inside the scope."""
    columns = [*group, StatusCount.leg, StatusCount.status]
    statement = scope.where(
        select(*columns, func.sum(StatusCount.count)).group_by(*columns)
    )
    return {tuple(row[:-1]): int(row[-1] or 0) for row in session.execute(statement)}


def headline(counts: dict) -> dict[str, int]:
    """The headline figures from counts keyed by (leg, status)."""
    return {
        name: sum(counts.get(pair, 0) for pair in pairs)
        for name, pairs in FIGURES.items()
    }


def breakdown(session, scope: Scope, column) -> list[tuple]:
    """Headline figures per value of one column (mission, country or partner)."""
    per = defaultdict(dict)
    for (value, leg, status), count in by_status(session, scope, column).items():
        per[value][(leg, status)] = count
    return sorted((value, headline(counts)) for value, counts in per.items())


def snapshot(session, scope: Scope) -> dict:
    """Everything the live page refreshes: headline and per-mission figures."""
    missions = breakdown(session, scope, StatusCount.mission_id)
    return {
        "headline": headline(by_status(session, scope)),
        "missions": {str(mid): figures for mid, figures in missions},
    }


def names(session) -> dict:
    """Mission and partner names for labelling breakdowns."""
    return {
        "missions": dict(session.execute(select(Mission.id, Mission.name)).all()),
        "partners": dict(
            session.execute(select(PartnerPost.id, PartnerPost.name)).all()
        ),
    }


def flows(session, mission_ids: tuple[int, ...] | None) -> list[tuple]:
    """Items entering each status per day: (day, mission, leg, status, count)."""
    statement = select(
        StatusFlow.day,
        StatusFlow.mission_id,
        StatusFlow.leg,
        StatusFlow.status,
        StatusFlow.count,
    ).order_by(StatusFlow.day, StatusFlow.mission_id)
    if mission_ids is not None:
        statement = statement.where(StatusFlow.mission_id.in_(mission_ids))
    return [tuple(row) for row in session.execute(statement)]
