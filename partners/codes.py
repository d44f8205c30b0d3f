"""What a partner's documented status code means in UPU terms.

Each adapter keeps a table from its post's documented codes to ``Meaning``
values. A code documented but deliberately left without a UPU event (a notice,
an electronic pre-advice) says why in ``unmapped``; a code missing from the
table becomes an event with ``code=None`` that keeps the partner's code and
words, so nothing is dropped and nothing is passed off as "in transit".
"""

import datetime as dt
from dataclasses import dataclass

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.base import ParsedEvent


@dataclass(frozen=True)
class Meaning:
    """The UPU event a partner code stands for, or why it stands for none."""

    code: EventCode | None
    measure: Measure | None = None
    reason: str | None = None
    unmapped: str | None = None

    def __post_init__(self):
        if self.code is None and not self.unmapped:
            raise ValueError("a code mapped to no UPU event must say why")


def event(code: EventCode, measure: Measure | None = None, reason: str | None = None):
    """A partner code that stands for one UPU event."""
    return Meaning(code, measure, reason)


def unmapped(why: str) -> Meaning:
    """A documented partner code that deliberately stands for no UPU event."""
    return Meaning(None, unmapped=why)


UNKNOWN = Meaning(None, unmapped="not in the post's documented codes")

# Codes that only OVS staff may record; a post sending one is not believed.
MISSION_ONLY = frozenset({EventCode.LOST_CONFIRMED, EventCode.VOIDED})


def build(
    tracking_number: str,
    meaning: Meaning,
    *,
    partner_code: str | None,
    description: str | None,
    occurred_at: dt.datetime,
    offset_inferred: bool,
    location: str | None = None,
    country: str | None = None,
    reason: str | None = None,
    partner_event_id: str | None = None,
) -> ParsedEvent:
    """A ParsedEvent from a partner event and what its code means."""
    return ParsedEvent(
        tracking_number=tracking_number,
        code=meaning.code,
        partner_code=partner_code,
        description=description,
        occurred_at=occurred_at,
        location=location or None,
        country=country or None,
        reason=reason or meaning.reason,
        measure=meaning.measure,
        partner_event_id=partner_event_id,
        offset_inferred=offset_inferred,
    )


def reverse(table: dict[str, Meaning], code: EventCode, measure: Measure | None):
    """The first partner code meaning this UPU event with this measure, or None.

    An event without a measure takes the event's first code; an event with a
    measure the post has no code for gets None, so a return is never shown as
    a plain retry.
    """
    for partner_code, meaning in table.items():
        if meaning.code == code and meaning.measure == measure:
            return partner_code
    if measure is None:
        for partner_code, meaning in table.items():
            if meaning.code == code:
                return partner_code
    return None
