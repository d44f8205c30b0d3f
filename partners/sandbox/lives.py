"""Simulated lives of postal items: what happens to each, and when.

A life is a pure function of the item and a seed: the same number always lives
the same life. Lanes set the pace (a few days at home, one to two weeks
abroad); some items wait at customs, some need a second try and are collected
at a post office, a few go back to the sender and a very few are lost. Return
envelopes (voter to mission) are always accepted at the mission, so they are
delivered or lost, never refused.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from partners.sandbox import SandboxEvent
from partners.sandbox.places import Place
from partners.sandbox.places import places

OUTBOUND = "outbound"
RETURN = "return"

DELIVERED = "delivered"
COLLECTED = "collected after a notice"
RETURNED = "returned to sender"
LOST = "lost"
NEVER_POSTED = "never posted"

# Shares of outbound items per ending; the rest are delivered at the first try.
ENDINGS = ((LOST, 0.02), (RETURNED, 0.04), (COLLECTED, 0.12))
CUSTOMS_HOLD_SHARE = 0.2
COLLECTION_DAYS = 14


@dataclass(frozen=True)
class ItemSpec:
    """An item the sandbox carries: its number, post, leg, lane and posting time."""

    tracking_number: str
    partner: str
    posted_at: dt.datetime
    origin: str
    destination: str
    leg: str = OUTBOUND
    # The partner's code at OVS, where its callbacks go; the adapter name if unset.
    partner_code: str | None = None
    # For a return envelope: the outbound item that carried it to the voter.
    outbound: str | None = None


@dataclass(frozen=True)
class Life:
    """How an item's journey ends and every event on the way."""

    ending: str
    customs_hold: bool
    events: tuple[SandboxEvent, ...]


class _Journey:
    """Builds a life event by event, moving its own clock forward."""

    def __init__(self, spec: ItemSpec, rng: random.Random, seed: int):
        self.spec, self.rng, self.seed = spec, rng, seed
        self.time = spec.posted_at.astimezone(dt.UTC)
        self.events: list[SandboxEvent] = []

    def wait(self, low_hours: float, high_hours: float) -> None:
        self.time += dt.timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def add(self, code, place: Place, country: str, where: str, **extra) -> None:
        location = f"{place.city} {where}".strip()
        if place.region:
            location = f"{location}, {place.region}"
        index = len(self.events)
        digest = hashlib.sha1(
            f"{self.seed}:{self.spec.tracking_number}:{index}".encode(),
            usedforsecurity=False,
        ).hexdigest()[:16]
        self.events.append(
            SandboxEvent(
                code=code,
                occurred_at=self.time.replace(microsecond=0),
                location=location,
                country=country,
                event_id=digest,
                **extra,
            )
        )


def life(spec: ItemSpec, seed: int = 0) -> Life:
    """The whole life of an item, decided by its number and the seed."""
    rng = random.Random(f"{seed}:{spec.tracking_number}")
    ending = _ending(spec, rng)
    abroad = spec.origin != spec.destination
    hold = abroad and rng.random() < CUSTOMS_HOLD_SHARE
    journey = _Journey(spec, rng, seed)
    origin = rng.choice(places(spec.origin))
    destination = _destination_place(spec, rng)
    _posting(journey, origin)
    if abroad:
        _abroad(journey, origin, destination, hold)
    else:
        journey.wait(6, 40)
    if ending == LOST:
        cut = rng.randint(1, max(1, len(journey.events) - 1))
        return Life(ending, hold, tuple(journey.events[:cut]))
    _delivery(journey, destination, ending)
    return Life(ending, hold, tuple(journey.events))


def voter_posts_at(outbound: Life, return_number: str, seed: int = 0):
    """When the voter posts the return envelope, or None if the ballot never came.

    Voters post between a day and ten days after their ballot arrived.
    """
    arrivals = [e.occurred_at for e in outbound.events if e.code == E.DELIVERED]
    if not arrivals:
        return None
    rng = random.Random(f"{seed}:{return_number}:voter")
    return arrivals[-1] + dt.timedelta(hours=rng.uniform(24, 240))


def _ending(spec: ItemSpec, rng: random.Random) -> str:
    draw = rng.random()
    for ending, share in ENDINGS:
        if spec.leg == RETURN and ending != LOST:
            continue
        if draw < share:
            return ending
        draw -= share
    return DELIVERED


def _destination_place(spec: ItemSpec, rng: random.Random) -> Place:
    choices = places(spec.destination)
    # Return envelopes go to the mission, in the first city listed.
    return choices[0] if spec.leg == RETURN else rng.choice(choices)


def _posting(journey: _Journey, origin: Place) -> None:
    country = journey.spec.origin
    journey.add(E.POSTED, origin, country, "Post Office")
    journey.wait(2, 8)
    journey.add(E.INTO_SORTING_CENTRE, origin, country, "Mail Centre")
    journey.wait(3, 10)
    journey.add(E.OUT_OF_SORTING_CENTRE, origin, country, "Mail Centre")


def _abroad(journey: _Journey, origin: Place, destination: Place, hold: bool) -> None:
    home, away = journey.spec.origin, journey.spec.destination
    journey.wait(4, 12)
    journey.add(E.ARRIVED_OUTWARD_OE, origin, home, "International Mail Centre")
    journey.wait(6, 24)
    journey.add(E.DEPARTED_OUTWARD_OE, origin, home, "International Mail Centre")
    journey.wait(24, 96)
    gateway = places(away)[0]
    journey.add(E.ARRIVED_INWARD_OE, gateway, away, "International Mail Centre")
    journey.wait(1, 6)
    journey.add(E.PRESENTED_IMPORT_CUSTOMS, gateway, away, "Customs")
    if hold:
        journey.wait(2, 8)
        journey.add(
            E.HELD_INWARD_OE,
            gateway,
            away,
            "Customs",
            reason="Held by customs for inspection",
        )
        journey.wait(48, 120)
    else:
        journey.wait(2, 24)
    journey.add(E.RETURNED_FROM_CUSTOMS, gateway, away, "Customs")
    journey.wait(2, 12)
    journey.add(E.DEPARTED_INWARD_OE, gateway, away, "International Mail Centre")
    journey.wait(12, 36)


def _delivery(journey: _Journey, place: Place, ending: str) -> None:
    country = journey.spec.destination
    office = "Mission mailroom" if journey.spec.leg == RETURN else "Delivery Office"
    journey.add(E.ARRIVED_DELIVERY_OFFICE, place, country, office)
    journey.wait(10, 16)
    journey.add(E.OUT_FOR_DELIVERY, place, country, office)
    journey.wait(2, 6)
    if ending == DELIVERED:
        journey.add(E.DELIVERED, place, country, "")
        return
    due = (journey.time + dt.timedelta(days=COLLECTION_DAYS)).date()
    journey.add(
        E.DELIVERY_ATTEMPTED,
        place,
        country,
        "",
        measure=Measure.HELD_FOR_COLLECTION,
        reason=(
            f"Addressee absent; notice left: collect at {place.city} Post Office "
            f"by {due:%d %b %Y}"
        ),
    )
    journey.wait(1, 3)
    journey.add(E.AT_COLLECTION_POINT, place, country, "Post Office")
    if ending == COLLECTED:
        journey.wait(20, 24 * (COLLECTION_DAYS - 2))
        journey.add(E.DELIVERED, place, country, "Post Office")
        return
    journey.time = dt.datetime.combine(due, dt.time(18), tzinfo=dt.UTC)
    journey.add(
        E.DELIVERY_ATTEMPTED,
        place,
        country,
        "Post Office",
        measure=Measure.RETURN_TO_SENDER,
        reason=f"Not collected by {due:%d %b %Y}; returned to sender",
    )
