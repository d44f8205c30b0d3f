"""The daily counts report: per mission and local day, what moved in each leg."""

import csv
import datetime as dt
import io
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Mission
from ovs.models import TrackingEvent
from ovs.postal.events import EventCode
from ovs.postal.status import Leg

COLUMNS = (
    "date",
    "mission",
    "mission_name",
    "ballots_issued",
    "outbound_posted",
    "outbound_delivered",
    "return_posted",
    "return_received_on_time",
    "return_received_late",
)
# What each column counts: distinct items with this event code on this leg.
EVENT_COLUMNS = {
    "outbound_posted": (Leg.OUTBOUND, EventCode.POSTED),
    "outbound_delivered": (Leg.OUTBOUND, EventCode.DELIVERED),
    "return_posted": (Leg.RETURN, EventCode.POSTED),
    "return_received": (Leg.RETURN, EventCode.DELIVERED),
}


def daily_counts(session, *, mission_id: int | None = None) -> list[dict]:
    """Rows of the report, one per mission and local day with any movement."""
    missions = _missions(session, mission_id)
    rows: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COLUMNS[3:], 0))
    for mission_id_, hour, count in _ballots_by_hour(session, mission_id):
        day = _local_day(hour, missions[mission_id_])
        rows[(mission_id_, day)]["ballots_issued"] += count
    for mission_id_, hour, column, late, count in _events_by_hour(session, mission_id):
        day = _local_day(hour, missions[mission_id_])
        if column == "return_received":
            column = "return_received_late" if late else "return_received_on_time"
        rows[(mission_id_, day)][column] += count
    report = []
    for (mission_id_, day), counts in sorted(
        rows.items(), key=lambda kv: (kv[0][1], missions[kv[0][0]].code)
    ):
        mission = missions[mission_id_]
        report.append(
            {
                "date": day,
                "mission": mission.code,
                "mission_name": mission.name,
                **counts,
            }
        )
    return report


def to_csv(rows: list[dict]) -> str:
    """The report as CSV with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "date": row["date"].isoformat()})
    return out.getvalue()


def _missions(session, mission_id: int | None) -> dict[int, Mission]:
    query = select(Mission)
    if mission_id is not None:
        query = query.where(Mission.id == mission_id)
    return {m.id: m for m in session.scalars(query)}


def _hour_bucket(session, column):
    # Grouping by UTC hour keeps the rows few; each hour then falls on one local
    # day for every zone whose offset is whole hours.
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", column)


def _ballots_by_hour(session, mission_id: int | None):
    bucket = _hour_bucket(session, Ballot.created_at)
    query = select(Ballot.mission_id, bucket, func.count(Ballot.id)).group_by(
        Ballot.mission_id, bucket
    )
    if mission_id is not None:
        query = query.where(Ballot.mission_id == mission_id)
    return session.execute(query).all()


def _events_by_hour(session, mission_id: int | None):
    bucket = _hour_bucket(session, TrackingEvent.occurred_at)
    column = case(
        *[
            (and_(Item.leg == leg.value, TrackingEvent.code == code.value), name)
            for name, (leg, code) in EVENT_COLUMNS.items()
        ],
        else_=None,
    ).label("column")
    late = (TrackingEvent.occurred_at > Election.return_deadline).label("late")
    query = (
        select(
            Item.mission_id, bucket, column, late, func.count(func.distinct(Item.id))
        )
        .join(Item, Item.id == TrackingEvent.item_id)
        .join(Mission, Mission.id == Item.mission_id)
        .join(Election, Election.id == Mission.election_id)
        .where(column.is_not(None))
        .group_by(Item.mission_id, bucket, column, late)
    )
    if mission_id is not None:
        query = query.where(Item.mission_id == mission_id)
    return session.execute(query).all()


def _local_day(hour: str, mission: Mission) -> dt.date:
    instant = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
    return instant.astimezone(ZoneInfo(mission.timezone)).date()
