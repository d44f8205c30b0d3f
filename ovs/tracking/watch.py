"""Periodic judgements that depend on the clock, not on new events.

An item can become at risk, or fall silent long enough to be presumed lost,
without any event arriving. These jobs re-judge items in flight as time passes.
Lost is only proposed here (``Item.lost_proposed_at``); staff confirm it, which
goes through ingest as an ``OVL`` event.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import insert
from sqlalchemy import select

from ovs import logs
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Lane
from ovs.models import OutboxMessage
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.tracking import deadlines

log = logs.get(__name__)

NOT_STARTED = (ItemStatus.PREPARED, ItemStatus.AWAITING_VOTER)


def _in_flight(session):
    return session.execute(
        select(Item, Election.return_deadline, Voter.id)
        .join(Ballot, Ballot.id == Item.ballot_id)
        .join(Voter, Voter.id == Ballot.voter_id)
        .join(Election, Election.id == Voter.election_id)
        .where(Item.is_final.is_(False))
    ).all()


def _lanes(session) -> dict[int, deadlines.Transit]:
    return {
        lane.id: deadlines.lane_transit(lane) for lane in session.scalars(select(Lane))
    }


def refresh_risk(session, now: dt.datetime | None = None) -> int:
    """Re-judge every item in flight's at-risk flag; return how many turned on."""
    now = now or utcnow()
    lanes = _lanes(session)
    messages = []
    for item, deadline, voter_id in _in_flight(session):
        transit = lanes.get(item.lane_id) or deadlines.default_transit()
        arrival = max(
            item.expected_p90_at or now + transit.p90_days * deadlines.DAY, now
        )
        if item.leg == Leg.OUTBOUND:
            arrival += transit.p90_days * deadlines.DAY
        at_risk = arrival > deadline
        if at_risk and not item.at_risk:
            messages.append(_message("item.at_risk", item, voter_id, now, deadline))
        item.at_risk = at_risk
    if messages:
        session.execute(insert(OutboxMessage), messages)
    log.info("risk.refreshed", turned_on=len(messages))
    return len(messages)


def propose_lost(session, now: dt.datetime | None = None) -> int:
    """Propose as lost the items silent for longer than their lane allows."""
    now = now or utcnow()
    factor = current_app.config["LOST_SILENCE_FACTOR"]
    floor = current_app.config["LOST_MIN_SILENCE_DAYS"]
    lanes = _lanes(session)
    messages = []
    for item, deadline, voter_id in _in_flight(session):
        if item.lost_proposed_at or item.status in NOT_STARTED:
            continue
        transit = lanes.get(item.lane_id) or deadlines.default_transit()
        silence = dt.timedelta(days=max(floor, factor * transit.p90_days))
        if now - (item.last_event_at or item.created_at) > silence:
            item.lost_proposed_at = now
            messages.append(
                _message("item.lost_proposed", item, voter_id, now, deadline)
            )
    if messages:
        session.execute(insert(OutboxMessage), messages)
    log.info("lost.proposed", items=len(messages))
    return len(messages)


def _message(topic, item: Item, voter_id, now, deadline) -> dict:
    payload = {
        "item_id": item.id,
        "ballot_id": item.ballot_id,
        "voter_id": voter_id,
        "mission_id": item.mission_id,
        "leg": item.leg,
        "tracking_number": item.tracking_number,
        "expected_p90_at": _iso(item.expected_p90_at),
        "deadline": _iso(deadline),
    }
    return {"topic": topic, "key": str(item.id), "payload": payload, "created_at": now}


def _iso(value):
    return value.isoformat() if value else None
