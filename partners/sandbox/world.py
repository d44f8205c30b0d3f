"""The sandbox world: every item it carries and what has happened to it so far."""

import dataclasses
import datetime as dt
import hashlib
import threading
from dataclasses import dataclass

from ovs.postal import s10
from partners.sandbox import SandboxEvent
from partners.sandbox.clock import SandboxClock
from partners.sandbox.faults import FaultBoard
from partners.sandbox.lives import NEVER_POSTED
from partners.sandbox.lives import RETURN
from partners.sandbox.lives import ItemSpec
from partners.sandbox.lives import Life
from partners.sandbox.lives import life
from partners.sandbox.lives import voter_posts_at

# Items created on first sight were posted up to this many days before the
# world began, so a demo starts with items at every stage.
LAZY_SPREAD_DAYS = 10


@dataclass(frozen=True)
class Carried:
    """An item in the world with its whole (future included) life."""

    spec: ItemSpec
    life: Life


class SandboxWorld:
    """Items registered by OVS or met for the first time, living on the clock."""

    def __init__(
        self,
        clock: SandboxClock,
        seed: int = 0,
        countries: dict[str, str | None] | None = None,
        epoch: dt.datetime | None = None,
    ):
        self.clock = clock
        self.seed = seed
        # Adapter name -> the country its post delivers in, for lazy items.
        self.countries = countries or {}
        start = epoch or clock.now()
        self.epoch = start.replace(hour=0, minute=0, second=0, microsecond=0)
        self._items: dict[str, Carried] = {}
        self._registered: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        """The sandbox clock, aware UTC."""
        return self.clock.now()

    def register(self, spec: ItemSpec) -> Carried:
        """Carry an item handed over by OVS; registering it again changes nothing."""
        number = s10.normalise(spec.tracking_number)
        spec = dataclasses.replace(spec, tracking_number=number)
        with self._lock:
            known = self._items.get(number)
            if known is not None and known.spec == spec:
                return known
            carried = Carried(spec, self._life(spec))
            self._items[number] = carried
            numbers = self._registered.setdefault(spec.partner, [])
            if number not in numbers:
                numbers.append(number)
            return carried

    def _life(self, spec: ItemSpec) -> Life:
        """An item's life; a return envelope waits for its outbound ballot."""
        outbound = self._items.get(s10.normalise(spec.outbound or ""))
        if spec.leg != RETURN or outbound is None:
            return life(spec, self.seed)
        posted = voter_posts_at(outbound.life, spec.tracking_number, self.seed)
        if posted is None:
            return Life(NEVER_POSTED, False, ())
        return life(dataclasses.replace(spec, posted_at=posted), self.seed)

    def carried(self, number: str, partner: str) -> Carried | None:
        """The item as ``partner`` knows it; a valid S10 number is met lazily."""
        number = s10.normalise(number)
        with self._lock:
            known = self._items.get(number)
            if known is not None:
                return known if known.spec.partner == partner else None
            if not s10.is_valid(number):
                return None
            known = Carried(
                spec := self._lazy_spec(number, partner), life(spec, self.seed)
            )
            self._items[number] = known
            return known

    def events(self, number: str, partner: str) -> list[SandboxEvent] | None:
        """Events that have happened by now; None while the post has not seen it."""
        carried = self.carried(number, partner)
        if carried is None:
            return None
        now = self.now()
        # Before its posting an item is unknown to the post, as in life.
        return [e for e in carried.life.events if e.occurred_at <= now] or None

    def registered(self, partner_code: str) -> list[Carried]:
        """Items OVS registered for one of its partners, in registration order."""
        with self._lock:
            carried = [self._items[n] for ns in self._registered.values() for n in ns]
        return [
            c
            for c in carried
            if (c.spec.partner_code or c.spec.partner) == partner_code
        ]

    def _lazy_spec(self, number: str, partner: str) -> ItemSpec:
        digest = hashlib.sha256(f"{self.seed}:{number}".encode()).digest()
        minutes_back = int.from_bytes(digest[:4], "big") % (LAZY_SPREAD_DAYS * 1440)
        origin = number[-2:]
        destination = self.countries.get(partner) or origin
        return ItemSpec(
            tracking_number=number,
            partner=partner,
            posted_at=self.epoch - dt.timedelta(minutes=minutes_back),
            origin=origin,
            destination=destination,
        )


class PartnerView:
    """The world as one partner's fake post sees it, with its data faults applied."""

    def __init__(self, world: SandboxWorld, partner: str, faults: FaultBoard):
        self.world, self.partner, self.faults = world, partner, faults

    def events(self, tracking_number: str) -> list[SandboxEvent] | None:
        """The partner's events for a number, repeated or reversed when told to."""
        found = self.world.events(tracking_number, self.partner)
        if found is None:
            return None
        return apply_data_faults(found, self.faults.of(self.partner))

    def now(self) -> dt.datetime:
        """The sandbox clock."""
        return self.world.now()


def apply_data_faults(events: list, faults) -> list:
    """Duplicate and reorder events (or any list) as the partner's switches say."""
    if faults.duplicates:
        events = [e for event in events for e in (event, event)]
    if faults.out_of_order:
        events = list(reversed(events))
    return events
