"""Voiding a ballot and issuing its replacement; deciding whether a return counts.

A voided ballot's items stay tracked: its return envelope may still come back,
and the mission must see it arrive and set it aside. Only the return item of a
live ballot, received on time, counts.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.dispatch.batches import BatchResult
from ovs.dispatch.batches import issue
from ovs.dispatch.batches import lock_mission
from ovs.dispatch.errors import CannotVoid
from ovs.dispatch.errors import UnknownBallot
from ovs.dispatch.lookups import partner_by_code
from ovs.dispatch.routing import VoterStop
from ovs.errors import InvalidInput
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Election
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent

log = logs.get(__name__)

RECEIVED = frozenset({ItemStatus.RECEIVED_ON_TIME, ItemStatus.RECEIVED_LATE})


class ReturnVerdict(enum.StrEnum):
    """What the mission does with a return item in hand."""

    COUNTS = "counts"
    VOIDED_BALLOT = "voided_ballot"
    LATE = "late"
    NOT_RECEIVED = "not_received"
    NOT_A_RETURN = "not_a_return"


@dataclass(frozen=True)
class Replacement:
    """The ballot voided and the batch that carries its replacement."""

    voided: Ballot
    reissued: BatchResult


def verdict(item: Item, ballot_state: str) -> ReturnVerdict:
    """Whether a return item counts, given its ballot's state; pure."""
    if item.leg != Leg.RETURN:
        return ReturnVerdict.NOT_A_RETURN
    if ballot_state != BallotState.LIVE:
        return ReturnVerdict.VOIDED_BALLOT
    if item.status == ItemStatus.RECEIVED_ON_TIME:
        return ReturnVerdict.COUNTS
    if item.status == ItemStatus.RECEIVED_LATE:
        return ReturnVerdict.LATE
    return ReturnVerdict.NOT_RECEIVED


def return_verdict(session, item: Item) -> ReturnVerdict:
    """Whether a return item counts, reading its ballot's state."""
    state = session.scalar(select(Ballot.state).where(Ballot.id == item.ballot_id))
    return verdict(item, state)


def ballot_counts(session, item: Item) -> bool:
    """True only for the return item of a live ballot received by the deadline."""
    return return_verdict(session, item) == ReturnVerdict.COUNTS


def void_ballot(
    session,
    registry_number: str,
    *,
    reason: str,
    actor: str,
    election_code: str | None = None,
    now: dt.datetime | None = None,
) -> Ballot:
    """Void a voter's live ballot; its items stay tracked, its return never counts."""
    now = (now or utcnow()).replace(microsecond=0)
    reason = _checked_reason(reason)
    voter = voter_by_registry_number(session, registry_number, election_code)
    ballot = _live_ballot(session, voter)
    items = list(session.scalars(select(Item).where(Item.ballot_id == ballot.id)))
    received = [i for i in items if i.leg == Leg.RETURN and i.status in RECEIVED]
    if received:
        raise CannotVoid(
            f"The returned ballot of voter {voter.registry_number} was received on "
            f"{received[0].last_event_at:%Y-%m-%d}; a received ballot is not voided."
        )
    with session.begin_nested():
        ballot.state = BallotState.VOIDED
        ballot.void_reason = reason
        ballot.voided_at = now
        session.flush()
        _record_void_events(session, ballot, items, now)
        audit.record(
            session,
            actor=actor,
            action="ballot.void",
            object_type="ballot",
            object_id=ballot.id,
            mission_id=ballot.mission_id,
            details={"sequence": ballot.sequence, "reason": reason},
        )
    log.info("ballot.voided", ballot_id=ballot.id, mission_id=ballot.mission_id)
    return ballot


def replace_ballot(
    session,
    registry_number: str,
    *,
    reason: str,
    actor: str,
    partner_code: str | None = None,
    election_code: str | None = None,
    now: dt.datetime | None = None,
) -> Replacement:
    """Void a voter's live ballot and issue the next one in a batch of its own."""
    now = (now or utcnow()).replace(microsecond=0)
    voter = voter_by_registry_number(session, registry_number, election_code)
    lock_mission(session, session.get(Mission, voter.mission_id))
    with session.begin_nested():
        old = void_ballot(
            session,
            registry_number,
            reason=reason,
            actor=actor,
            election_code=election_code,
            now=now,
        )
        partner = (
            partner_by_code(session, partner_code)
            if partner_code
            else _partner_of(session, old)
        )
        mission = session.get(Mission, voter.mission_id)
        stop = VoterStop(voter.id, voter.registry_number, voter.country)
        result = issue(
            session,
            mission,
            partner,
            [stop],
            actor=actor,
            now=now,
            replaces={voter.id: old.id},
        )
    return Replacement(old, result)


def voter_by_registry_number(
    session, registry_number: str, election_code: str | None = None
) -> Voter:
    """The voter with this registry number, in the named election when several."""
    query = select(Voter).where(Voter.registry_number == registry_number.strip())
    if election_code:
        query = query.join(Election, Election.id == Voter.election_id).where(
            Election.code == election_code
        )
    voters = list(session.scalars(query))
    if not voters:
        raise UnknownBallot(f"No voter has the registry number {registry_number!r}.")
    if len(voters) > 1:
        raise InvalidInput(
            f"The registry number {registry_number!r} is on the lists of several "
            "elections; name one with --election CODE."
        )
    return voters[0]


def _live_ballot(session, voter: Voter) -> Ballot:
    ballot = session.scalar(
        select(Ballot)
        .where(Ballot.voter_id == voter.id, Ballot.state == BallotState.LIVE)
        .with_for_update()
    )
    if ballot is None:
        raise CannotVoid(
            f"Voter {voter.registry_number} has no live ballot to void; issue one "
            "with: flask --app ovs batch create"
        )
    return ballot


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            "Say why the ballot is voided, for example: --reason 'lost in the post'."
        )
    if len(reason) > 200:
        raise InvalidInput(
            f"The reason is {len(reason)} characters long; keep it within 200."
        )
    return reason


def _record_void_events(session, ballot, items, now) -> None:
    """Put the voiding on both items' histories, through the one ingest path."""
    events = [
        ParsedEvent(
            tracking_number=item.tracking_number,
            code=EventCode.VOIDED,
            partner_code=None,
            description="Ballot voided by the mission",
            occurred_at=now,
        )
        for item in items
    ]
    ingest(session, events, source=EventSource.STAFF)


def _partner_of(session, ballot: Ballot) -> PartnerPost:
    if ballot.batch_id:
        batch = session.get(DispatchBatch, ballot.batch_id)
        return session.get(PartnerPost, batch.partner_id)
    item = session.scalar(select(Item).where(Item.ballot_id == ballot.id).limit(1))
    return session.get(PartnerPost, item.partner_id)
