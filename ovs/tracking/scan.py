"""Scanning envelopes at the mission: a scan is a delivery, through ingest.

A scanned return envelope is delivered at the mission (``EMI``, source
``scan``); whether it counts depends on when it was scanned and whether its
ballot still lives. A scanned outbound envelope has come back undeliverable.
Staff of one mission cannot scan another mission's envelopes: to them the
number is simply unknown.
"""

import enum
from dataclasses import dataclass

from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Mission
from ovs.models.base import utcnow
from ovs.postal import s10
from ovs.postal.events import EventCode
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.tracking.ingest import RECEIVED
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent

log = logs.get(__name__)


class ScanOutcome(enum.StrEnum):
    """What a scan found, each shown distinctly to the person scanning."""

    ON_TIME = "on_time"
    LATE = "late"
    VOIDED = "voided"
    UNKNOWN = "unknown"
    ALREADY_RECEIVED = "already_received"
    RETURNED = "returned_undeliverable"


MESSAGES = {
    ScanOutcome.ON_TIME: "Received on time: count this ballot.",
    ScanOutcome.LATE: "Received after the deadline: do not count this ballot.",
    ScanOutcome.VOIDED: "Voided ballot: never count it; it was replaced or cancelled.",
    ScanOutcome.UNKNOWN: "Unknown number: not an envelope of this mission.",
    ScanOutcome.ALREADY_RECEIVED: "Already received: set this envelope aside.",
    ScanOutcome.RETURNED: "Outbound envelope back undeliverable: reissue or contact "
    "the voter.",
}


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one scan, with the number as read."""

    outcome: ScanOutcome
    tracking_number: str
    item_id: int | None = None

    @property
    def message(self) -> str:
        """What the person scanning is told."""
        return MESSAGES[self.outcome]


def scan(session, number: str, mission: Mission, actor: str) -> ScanResult:
    """Record a scan of an envelope at a mission and say what it means."""
    tracking_number = s10.normalise(number)[:40]
    item = session.scalar(
        select(Item).where(
            Item.tracking_number == tracking_number, Item.mission_id == mission.id
        )
    )
    if item is None:
        log.info("scan.unknown", mission_id=mission.id)
        return ScanResult(ScanOutcome.UNKNOWN, tracking_number)
    if item.status in RECEIVED or item.status == ItemStatus.RETURNED_UNDELIVERABLE:
        return ScanResult(ScanOutcome.ALREADY_RECEIVED, tracking_number, item.id)
    ingest(session, [_delivery(item, mission)], source=EventSource.SCAN)
    outcome = _outcome(session, item)
    audit.record(
        session,
        actor=actor,
        action="item.scanned",
        object_type="item",
        object_id=item.id,
        mission_id=mission.id,
        details={"outcome": outcome.value, "tracking_number": tracking_number},
    )
    session.commit()
    log.info("scan.recorded", mission_id=mission.id, item_id=item.id, outcome=outcome)
    return ScanResult(outcome, tracking_number, item.id)


def _delivery(item: Item, mission: Mission) -> ParsedEvent:
    return ParsedEvent(
        tracking_number=item.tracking_number,
        code=EventCode.DELIVERED,
        partner_code=None,
        description="Scanned at the mission",
        occurred_at=utcnow().replace(microsecond=0),
        location=mission.name[:200],
        country=mission.country,
    )


def _outcome(session, item: Item) -> ScanOutcome:
    if item.leg == Leg.OUTBOUND:
        return ScanOutcome.RETURNED
    ballot = session.get(Ballot, item.ballot_id)
    if ballot.state == BallotState.VOIDED:
        return ScanOutcome.VOIDED
    if item.status == ItemStatus.RECEIVED_LATE:
        return ScanOutcome.LATE
    return ScanOutcome.ON_TIME
