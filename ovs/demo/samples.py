"""Demo only: the two voters the demo prints, chosen so their pages show a story.

One voter's ballot has arrived and the return envelope is on its way back (or
already in); the other's ballot is still travelling. Which is which comes from
the sandbox's simulated lives, read at the real time.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import PartnerPost
from ovs.models import Voter
from ovs.postal.events import EventCode
from ovs.postal.status import Leg

CANDIDATES = 400
# Enough scans for a timeline worth reading.
MIN_EVENTS = 3


@dataclass(frozen=True)
class Sample:
    """A voter to look up and what the look-up will show."""

    registry_number: str
    date_of_birth: dt.date
    story: str


def pick_samples(session, world, now: dt.datetime | None = None) -> list[Sample]:
    """A voter with the return under way and one with the ballot in transit."""
    now = now or dt.datetime.now(dt.UTC)
    returning = travelling = None
    for voter, legs in _candidates(session):
        outbound = _happened(world, legs.get(Leg.OUTBOUND), now)
        back = _happened(world, legs.get(Leg.RETURN), now)
        delivered = any(e.code == EventCode.DELIVERED for e in outbound)
        if returning is None and delivered and back:
            returning = Sample(*voter, "ballot delivered, return envelope posted")
        elif travelling is None and not delivered and len(outbound) >= MIN_EVENTS:
            travelling = Sample(*voter, "ballot on its way")
        if returning and travelling:
            break
    return [s for s in (returning, travelling) if s is not None]


def _candidates(session):
    rows = session.execute(
        select(
            Voter.id,
            Voter.registry_number,
            Voter.date_of_birth,
            Item.leg,
            Item.tracking_number,
            PartnerPost.adapter,
        )
        .join(Ballot, Ballot.voter_id == Voter.id)
        .join(DispatchBatch, DispatchBatch.id == Ballot.batch_id)
        .join(Item, Item.ballot_id == Ballot.id)
        .join(PartnerPost, PartnerPost.id == Item.partner_id)
        .where(DispatchBatch.state == "handed_over")
        .order_by(Voter.id)
        .limit(CANDIDATES * 2)
    ).all()
    voters: dict[int, tuple] = {}
    legs: dict[int, dict] = {}
    for voter_id, number, born, leg, tracking, adapter in rows:
        voters[voter_id] = (number, born)
        legs.setdefault(voter_id, {})[leg] = (tracking, adapter)
    return [(voters[v], legs[v]) for v in voters]


def _happened(world, leg, now: dt.datetime) -> list:
    if leg is None:
        return []
    carried = world.carried(*leg)
    if carried is None:
        return []
    return [e for e in carried.life.events if e.occurred_at <= now]
