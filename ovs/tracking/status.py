"""An item's status as a pure function of its events.

The same events, in any order and any number of times, give the same status:
events are sorted by when they happened (then by code) before they are read.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg


@dataclass(frozen=True)
class EventFact:
    """The parts of an event that status derivation reads."""

    code: str | None
    occurred_at: dt.datetime
    measure: str | None = None
    at_mission: bool = False


_OUTBOUND_STEP = {
    E.POSTED: S.POSTED,
    E.HANDED_TO_CUSTOMS: S.HELD_AT_CUSTOMS,
    E.PRESENTED_IMPORT_CUSTOMS: S.HELD_AT_CUSTOMS,
    E.HELD_EXPORT_CUSTOMS: S.HELD_AT_CUSTOMS,
    E.PRESENTED_EXPORT_CUSTOMS: S.HELD_AT_CUSTOMS,
    E.ARRIVED_DELIVERY_OFFICE: S.AT_DELIVERY_OFFICE,
    E.HELD_DELIVERY_OFFICE: S.AT_DELIVERY_OFFICE,
    E.OUT_FOR_DELIVERY: S.OUT_FOR_DELIVERY,
    E.AT_COLLECTION_POINT: S.DELIVERY_ATTEMPTED,
    E.DELIVERED: S.DELIVERED,
    E.LOST_CONFIRMED: S.LOST,
}


def _ordered(events: Iterable[EventFact]) -> list[EventFact]:
    unique = {(e.code, e.occurred_at, e.measure, e.at_mission) for e in events}
    return [
        EventFact(*fields)
        for fields in sorted(unique, key=lambda f: (f[1], f[0] or "", f[2] or "", f[3]))
    ]


def derive_outbound(events: Iterable[EventFact]) -> S:
    """The status of an outbound item (mission to voter)."""
    status = S.PREPARED
    returning = False
    for event in _ordered(events):
        if event.code is None or event.code == E.VOIDED:
            continue
        if event.code == E.DELIVERY_ATTEMPTED:
            if event.measure == Measure.RETURN_TO_SENDER:
                returning = True
                status = S.RETURNING
            else:
                status = S.DELIVERY_ATTEMPTED
            continue
        if returning and (event.code == E.DELIVERED or event.at_mission):
            status = S.RETURNED_UNDELIVERABLE
            continue
        if returning and event.code != E.LOST_CONFIRMED:
            continue
        status = _OUTBOUND_STEP.get(E(event.code), S.IN_TRANSIT)
    return status


def derive_return(events: Iterable[EventFact], deadline: dt.datetime) -> S:
    """The status of a return item (voter to mission) against the deadline."""
    status = S.AWAITING_VOTER
    for event in _ordered(events):
        if event.code is None or event.code == E.VOIDED:
            continue
        if event.code == E.DELIVERED or event.at_mission:
            on_time = event.occurred_at <= deadline
            return S.RECEIVED_ON_TIME if on_time else S.RECEIVED_LATE
        if event.code == E.LOST_CONFIRMED:
            status = S.LOST
        elif event.code == E.POSTED:
            status = S.POSTED_BY_VOTER if status == S.AWAITING_VOTER else status
        else:
            status = S.IN_TRANSIT
    return status


def derive(leg: str, events: Iterable[EventFact], deadline: dt.datetime) -> S:
    """The status of an item on either leg."""
    if leg == Leg.RETURN:
        return derive_return(events, deadline)
    return derive_outbound(events)
