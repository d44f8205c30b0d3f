"""An item's status as a pure function of its events.

The same events, in any order and any number of times, give the same status:
duplicates are dropped and events are put in one total order (when they
happened, then how far along the journey their code is, then every other field)
before they are read. Events at the same instant are read in journey order, so
a delivery and an arrival stamped with the same second end as "delivered".
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
    reason: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class CollectionNotice:
    """Why a delivery failed and where the voter can collect the item."""

    reason: str | None
    location: str | None
    occurred_at: dt.datetime


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

# How far along the journey each code is; breaks ties between events stamped
# with the same instant.
_JOURNEY_RANK = {
    E.POSTED: 0,
    E.ARRIVED_OUTWARD_OE: 1,
    E.PRESENTED_EXPORT_CUSTOMS: 2,
    E.HELD_EXPORT_CUSTOMS: 2,
    E.RETURNED_FROM_EXPORT_CUSTOMS: 3,
    E.HELD_OUTWARD_OE: 3,
    E.EXPORT_CANCELLED: 3,
    E.DEPARTED_OUTWARD_OE: 4,
    E.ARRIVED_TRANSIT_OE: 5,
    E.DEPARTED_TRANSIT_OE: 6,
    E.ARRIVED_INWARD_OE: 7,
    E.HELD_INWARD_OE: 8,
    E.HANDED_TO_CUSTOMS: 8,
    E.PRESENTED_IMPORT_CUSTOMS: 8,
    E.RETURNED_FROM_CUSTOMS: 9,
    E.DEPARTED_INWARD_OE: 10,
    E.INTO_SORTING_CENTRE: 11,
    E.OUT_OF_SORTING_CENTRE: 12,
    E.ARRIVED_DELIVERY_OFFICE: 13,
    E.HELD_DELIVERY_OFFICE: 14,
    E.OUT_FOR_DELIVERY: 15,
    E.DELIVERY_ATTEMPTED: 16,
    E.AT_COLLECTION_POINT: 17,
    E.DELIVERED: 18,
    E.LOST_CONFIRMED: 19,
    E.VOIDED: 20,
}


def _sort_key(event: EventFact):
    rank = _JOURNEY_RANK.get(event.code, -1) if event.code else -1
    rest = (
        event.measure or "",
        event.at_mission,
        event.reason or "",
        event.location or "",
    )
    return (event.occurred_at, rank, event.code or "", rest)


def ordered(events: Iterable[EventFact]) -> list[EventFact]:
    """The distinct events in the one order derivation reads them."""
    return sorted(set(events), key=_sort_key)


def _known(events: Iterable[EventFact]) -> list[EventFact]:
    # Unmapped codes are kept and shown but never move a status; a voided
    # ballot says nothing about where its envelope is.
    return [e for e in ordered(events) if e.code and e.code != E.VOIDED]


def derive_outbound(events: Iterable[EventFact]) -> S:
    """The status of an outbound item (mission to voter)."""
    status = S.PREPARED
    for event in _known(events):
        if status == S.RETURNED_UNDELIVERABLE:
            break
        status = _outbound_step(status, event)
    return status


def _outbound_step(status: S, event: EventFact) -> S:
    returning = status == S.RETURNING
    if event.code == E.LOST_CONFIRMED:
        return S.LOST
    if event.at_mission or (returning and event.code == E.DELIVERED):
        return S.RETURNED_UNDELIVERABLE
    if event.code == E.DELIVERY_ATTEMPTED:
        if event.measure == Measure.RETURN_TO_SENDER:
            return S.RETURNING
        return S.RETURNING if returning else S.DELIVERY_ATTEMPTED
    if returning:
        return status
    return _OUTBOUND_STEP.get(event.code, S.IN_TRANSIT)


def derive_return(events: Iterable[EventFact], deadline: dt.datetime | None) -> S:
    """The status of a return item (voter to mission) against the deadline."""
    status = S.AWAITING_VOTER
    for event in _known(events):
        if event.code == E.DELIVERED or event.at_mission:
            on_time = deadline is None or event.occurred_at <= deadline
            return S.RECEIVED_ON_TIME if on_time else S.RECEIVED_LATE
        if event.code == E.LOST_CONFIRMED:
            status = S.LOST
        elif event.code == E.POSTED:
            status = S.POSTED_BY_VOTER if status == S.AWAITING_VOTER else status
        else:
            status = S.IN_TRANSIT
    return status


def derive(leg: str, events: Iterable[EventFact], deadline: dt.datetime | None) -> S:
    """The status of an item on either leg."""
    if leg == Leg.RETURN:
        return derive_return(events, deadline)
    return derive_outbound(events)


def collection_notice(events: Iterable[EventFact]) -> CollectionNotice | None:
    """The latest failed-delivery notice: its reason and where to collect."""
    notices = [
        e
        for e in ordered(events)
        if e.code in (E.DELIVERY_ATTEMPTED, E.AT_COLLECTION_POINT)
    ]
    if not notices:
        return None
    latest = notices[-1]
    location = latest.location
    if latest.code == E.DELIVERY_ATTEMPTED:
        # The collection point, when reported, names where to go better than
        # the address the courier stood at.
        later = [n for n in notices if n.code == E.AT_COLLECTION_POINT]
        location = later[-1].location if later else location
    return CollectionNotice(latest.reason, location, latest.occurred_at)


def posted_at(events: Iterable[EventFact]) -> dt.datetime | None:
    """When the item was first posted (or handed over), if it was."""
    return min((e.occurred_at for e in events if e.code == E.POSTED), default=None)


def arrived_at(leg: str, events: Iterable[EventFact]) -> dt.datetime | None:
    """When the item reached its addressee (delivery, or the mission's scan)."""
    arrivals = [
        e.occurred_at
        for e in events
        if e.code == E.DELIVERED or (leg == Leg.RETURN and e.at_mission)
    ]
    return min(arrivals, default=None)
