"""The data behind the dashboard's charts: daily flows and transit times per lane."""

from collections import defaultdict

from sqlalchemy import select

from ovs.dashboard.figures import flows
from ovs.models import Lane
from ovs.models import TransitBucket
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

# The flows a chart draws: items entering these statuses each day.
FLOW_SERIES = {
    "posted": (Leg.OUTBOUND, S.POSTED),
    "delivered": (Leg.OUTBOUND, S.DELIVERED),
    "received": (Leg.RETURN, S.RECEIVED_ON_TIME),
}


def daily_flows(session, mission_ids) -> dict:
    """Per series, per mission: counts per day, with the days on one axis."""
    days, series = set(), defaultdict(lambda: defaultdict(dict))
    wanted = {pair: name for name, pair in FLOW_SERIES.items()}
    for day, mission_id, leg, status, count in flows(session, mission_ids):
        name = wanted.get((leg, status))
        if name is None:
            continue
        days.add(day.isoformat())
        series[name][mission_id][day.isoformat()] = count
    axis = sorted(days)
    return {
        "days": axis,
        "series": {
            name: {
                str(mission): [per_day.get(d, 0) for d in axis]
                for mission, per_day in per_mission.items()
            }
            for name, per_mission in series.items()
        },
    }


def transit_times(session, partner_id=None) -> list[dict]:
    """Per lane and leg: how many items took each whole number of days."""
    statement = (
        select(
            Lane.id,
            Lane.origin_country,
            Lane.destination_country,
            Lane.service_class,
            TransitBucket.leg,
            TransitBucket.days,
            TransitBucket.count,
        )
        .join(TransitBucket, TransitBucket.lane_id == Lane.id)
        .order_by(Lane.id, TransitBucket.leg, TransitBucket.days)
    )
    if partner_id:
        statement = statement.where(Lane.partner_id == partner_id)
    lanes = {}
    for lane_id, origin, dest, service, leg, days, count in session.execute(statement):
        key = (lane_id, leg)
        entry = lanes.setdefault(
            key,
            {"lane": f"{origin}→{dest} {service} ({leg})", "days": {}},
        )
        entry["days"][days] = count
    return list(lanes.values())
