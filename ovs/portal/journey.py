"""A ballot's journey both ways, told for its voter: steps, where it is, what to do.

Everything here is decided from the database and the clock; the page only puts
it into words. Nothing in a ``Journey`` names anyone but the voter's initials.
"""

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.portal import wording
from ovs.postal import s10
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from ovs.postal.status import BallotState
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

DEFAULT_HOLD_DAYS = 14


@dataclass(frozen=True)
class Step:
    """One thing that happened to an envelope."""

    at: dt.datetime
    leg: str
    text: object
    place: str | None
    note: str | None
    tone: str = "ok"


@dataclass(frozen=True)
class LegView:
    """Where one envelope is now."""

    leg: str
    status: str
    headline: object
    tracking_number: str
    at_risk: bool


@dataclass(frozen=True)
class Collection:
    """Where to collect an envelope the post could not deliver, and by when."""

    place: str | None
    by: dt.date


@dataclass
class Journey:
    """What the ballot page shows."""

    voter_id: int
    initials: str
    language: str
    mission_name: str
    mission_city: str
    timezone: ZoneInfo
    deadline: dt.datetime
    days_left: int
    ballot_state: str
    outbound: LegView | None = None
    inbound: LegView | None = None
    steps: list[Step] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    collection: Collection | None = None


def initials(full_name: str) -> str:
    """The voter's initials only: "Siti Rahma" gives "S. R."."""
    return " ".join(f"{part[0].upper()}." for part in full_name.split()[:3] if part)


def load(session, voter_id: int, now: dt.datetime | None = None) -> Journey | None:
    """The journey of a voter's newest ballot, or None when the voter is gone."""
    now = now or utcnow()
    voter = session.get(Voter, voter_id)
    if voter is None:
        return None
    mission = session.get(Mission, voter.mission_id)
    election = session.get(Election, voter.election_id)
    zone = ZoneInfo(mission.timezone)
    ballot = _newest_ballot(session, voter.id)
    journey = Journey(
        voter_id=voter.id,
        initials=initials(voter.full_name),
        language=voter.language,
        mission_name=mission.name,
        mission_city=mission.city,
        timezone=zone,
        deadline=election.return_deadline,
        days_left=days_left(election.return_deadline, now, zone),
        ballot_state=ballot.state if ballot else "none",
    )
    if ballot is not None:
        _fill(session, journey, ballot, now)
    journey.advice = advise(journey, now)
    return journey


def days_left(deadline: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> int:
    """Whole calendar days from today to the deadline's day, in the mission's zone."""
    return (deadline.astimezone(zone).date() - now.astimezone(zone).date()).days


def _newest_ballot(session, voter_id: int) -> Ballot | None:
    return session.scalar(
        select(Ballot)
        .where(Ballot.voter_id == voter_id)
        .options(selectinload(Ballot.items).selectinload(Item.events))
        .order_by(Ballot.sequence.desc())
        .limit(1)
    )


def _fill(session, journey: Journey, ballot: Ballot, now: dt.datetime) -> None:
    for item in ballot.items:
        view = LegView(
            leg=item.leg,
            status=item.status,
            headline=wording.headline(item.leg, item.status),
            tracking_number=_grouped(item.tracking_number),
            at_risk=item.at_risk,
        )
        if item.leg == Leg.OUTBOUND:
            journey.outbound = view
            journey.collection = _collection(session, item)
        else:
            journey.inbound = view
        journey.steps.extend(_steps(item))
    journey.steps.sort(key=lambda step: step.at)


def _grouped(number: str) -> str:
    try:
        return s10.parse(number).grouped
    except s10.S10Error:
        return number


def _steps(item: Item) -> list[Step]:
    steps = []
    posted = False
    for event in item.events:
        # The mission's handover and the post's acceptance scan are both
        # "posted"; to the voter that is one moment, told once.
        if event.code == E.POSTED:
            if posted:
                continue
            posted = True
        if event.code is None:
            note = event.description
        elif event.code == E.DELIVERY_ATTEMPTED:
            note = event.reason
        else:
            note = None
        steps.append(
            Step(
                at=event.occurred_at,
                leg=item.leg,
                text=wording.event_words(item.leg, event.code),
                place=event.location,
                note=note,
                tone=_tone(event.code),
            )
        )
    return steps


def _tone(code: str | None) -> str:
    if code in {E.DELIVERY_ATTEMPTED, E.LOST_CONFIRMED, E.VOIDED, E.EXPORT_CANCELLED}:
        return "warn"
    return "ok"


def _collection(session, item: Item) -> Collection | None:
    """Where and until when the post holds an envelope it could not deliver."""
    if item.status != S.DELIVERY_ATTEMPTED:
        return None
    held = [
        event
        for event in item.events
        if event.code == E.AT_COLLECTION_POINT
        or (
            event.code == E.DELIVERY_ATTEMPTED
            and event.measure == Measure.HELD_FOR_COLLECTION
        )
    ]
    if not held:
        return None
    last = max(held, key=lambda event: event.occurred_at)
    partner = session.get(PartnerPost, item.partner_id)
    hold_days = int((partner.settings or {}).get("hold_days", DEFAULT_HOLD_DAYS))
    local = last.occurred_at + dt.timedelta(minutes=last.utc_offset_minutes or 0)
    return Collection(place=last.location, by=local.date() + dt.timedelta(hold_days))


def advise(journey: Journey, now: dt.datetime) -> list[str]:
    """What the voter should do now, as advice keys the page puts into words."""
    if journey.ballot_state == "none":
        return ["not_sent"]
    if journey.ballot_state == BallotState.VOIDED:
        return ["voided"]
    out = journey.outbound.status if journey.outbound else S.PREPARED
    back = journey.inbound.status if journey.inbound else S.AWAITING_VOTER
    if back == S.RECEIVED_ON_TIME:
        return ["counted"]
    if back == S.RECEIVED_LATE:
        return ["late"]
    if back == S.LOST or out in {S.LOST, S.RETURNING, S.RETURNED_UNDELIVERABLE}:
        return ["replacement"]
    if journey.deadline <= now:
        return ["deadline_passed"]
    advice = []
    if out == S.DELIVERY_ATTEMPTED:
        advice.append("collect" if journey.collection else "redelivery")
    elif back in {S.POSTED_BY_VOTER, S.IN_TRANSIT}:
        advice.append("on_its_way_back")
    elif out == S.DELIVERED:
        advice.append("post_back")
    else:
        advice.append("wait")
    if any(leg and leg.at_risk for leg in (journey.outbound, journey.inbound)):
        advice.append("at_risk")
    return advice
