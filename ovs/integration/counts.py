"""Counts of items by mission, partner, country and status, and the hourly snapshot."""

import datetime as dt

from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from ovs import logs
from ovs.models import Item
from ovs.models import Mission
from ovs.models import OutboxMessage
from ovs.models import PartnerPost
from ovs.postal.status import Leg

log = logs.get(__name__)

DIMENSIONS = {
    "mission": Mission.code,
    "partner": PartnerPost.code,
    "country": Item.voter_country,
    "status": Item.status,
}
HOURLY_TOPIC = "counts.hourly"


def counts_by(session, by: str, *, mission_id: int | None, leg: str | None) -> dict:
    """Item totals, at-risk totals and per-status totals grouped by one dimension."""
    key = DIMENSIONS[by]
    query = (
        select(
            key,
            Item.status,
            func.count(Item.id),
            func.sum(case((Item.at_risk.is_(True), 1), else_=0)),
        )
        .join(Mission, Mission.id == Item.mission_id)
        .join(PartnerPost, PartnerPost.id == Item.partner_id)
        .group_by(key, Item.status)
    )
    if mission_id is not None:
        query = query.where(Item.mission_id == mission_id)
    if leg:
        query = query.where(Item.leg == leg)
    groups: dict[str, dict] = {}
    for name, status, count, at_risk in session.execute(query):
        group = groups.setdefault(
            name, {"key": name, "total": 0, "at_risk": 0, "by_status": {}}
        )
        group["total"] += count
        group["at_risk"] += int(at_risk or 0)
        group["by_status"][status] = count
    return {"by": by, "leg": leg, "groups": [groups[k] for k in sorted(groups)]}


def mission_snapshot(session, mission: Mission) -> dict:
    """One mission's items per leg and status, and how many are at risk."""
    rows = session.execute(
        select(
            Item.leg,
            Item.status,
            func.count(Item.id),
            func.sum(case((Item.at_risk.is_(True), 1), else_=0)),
        )
        .where(Item.mission_id == mission.id)
        .group_by(Item.leg, Item.status)
    )
    legs = {leg.value: {} for leg in Leg}
    at_risk = 0
    for leg, status, count, risky in rows:
        legs.setdefault(leg, {})[status] = count
        at_risk += int(risky or 0)
    return {"outbound": legs["outbound"], "return": legs["return"], "at_risk": at_risk}


def write_hourly_counts(session, now: dt.datetime) -> int:
    """Write each mission's counts to the outbox once per hour; return how many."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    if session.get_bind().dialect.name == "postgresql":
        # Two schedulers running the job at once must not both write the hour.
        session.execute(text("SELECT pg_advisory_xact_lock(7402)"))
    written_this_hour = session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.topic == HOURLY_TOPIC)
        .where(OutboxMessage.created_at >= hour)
        .limit(1)
    )
    if written_this_hour is not None:
        return 0
    missions = list(session.scalars(select(Mission).order_by(Mission.id)))
    for mission in missions:
        payload = {
            "mission_id": mission.id,
            "mission": mission.code,
            "hour": hour.isoformat().replace("+00:00", "Z"),
        }
        payload.update(mission_snapshot(session, mission))
        session.add(
            OutboxMessage(
                topic=HOURLY_TOPIC,
                key=f"mission:{mission.id}",
                payload=payload,
                created_at=now,
            )
        )
    log.info("counts.hourly_written", missions=len(missions), hour=hour.isoformat())
    return len(missions)
