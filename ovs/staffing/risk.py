"""Address risk: many ballots to one address, and lanes whose returns lag.

One street address receiving ballots for hundreds of voters is a known pattern
of postal-vote abuse abroad. Addresses are compared after normalising case,
punctuation, spacing and common abbreviations, so that small spelling
differences do not split one address into many.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Item
from ovs.models import Lane
from ovs.models import PartnerPost
from ovs.models import TransitBucket
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal.status import Leg

_ABBREVIATIONS = {
    "STREET": "ST",
    "ROAD": "RD",
    "AVENUE": "AVE",
    "JALAN": "JLN",
    "LORONG": "LRG",
    "BOULEVARD": "BLVD",
    "APARTMENT": "UNIT",
    "APT": "UNIT",
    "FLAT": "UNIT",
    "SUITE": "UNIT",
    "NO": "",
    "NUMBER": "",
}
_FIELDS = ("street_address", "city_area", "city", "postal_code", "country_area")


def normalise_address(country: str, address: dict) -> str:
    """One comparable key for an address: upper case, plain words, abbreviated."""
    text = " ".join(str(address.get(name) or "") for name in _FIELDS)
    text = re.sub(r"#\s*", " UNIT ", text.upper())
    words = re.sub(r"[^0-9A-Z]+", " ", text).split()
    words = [_ABBREVIATIONS.get(word, word) for word in words]
    return f"{country}|{' '.join(word for word in words if word)}"


@dataclass
class CrowdedAddress:
    """An address that receives ballots for more voters than the threshold."""

    key: str
    voter_ids: list[int] = field(default_factory=list)
    missions: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        """How many voters give this address."""
        return len(self.voter_ids)


def crowded_addresses(session, mission_ids, threshold: int) -> list[CrowdedAddress]:
    """Addresses shared by at least ``threshold`` voters, the most crowded first."""
    statement = select(Voter.id, Voter.mission_id, Voter.country, Voter.address)
    if mission_ids is not None:
        statement = statement.where(Voter.mission_id.in_(mission_ids))
    groups = defaultdict(lambda: CrowdedAddress(key=""))
    rows = session.execute(statement.execution_options(yield_per=5000))
    for voter_id, mission_id, country, address in rows:
        key = normalise_address(country, address or {})
        group = groups[key]
        group.key = key
        group.voter_ids.append(voter_id)
        group.missions.add(mission_id)
    crowded = [group for group in groups.values() if group.count >= threshold]
    return sorted(crowded, key=lambda group: (-group.count, group.key))


@dataclass(frozen=True)
class LaggingLane:
    """A lane whose observed median transit exceeds what it promised."""

    lane: str
    partner: str
    leg: str
    promised_days: float
    median_days: int
    items: int


def lagging_lanes(session, lag_days: float) -> list[LaggingLane]:
    """Lanes whose median transit runs ``lag_days`` or more over the configured one."""
    per_lane = defaultdict(list)
    statement = (
        select(
            Lane.id,
            Lane.origin_country,
            Lane.destination_country,
            Lane.default_p50_days,
            PartnerPost.name,
            TransitBucket.leg,
            TransitBucket.days,
            TransitBucket.count,
        )
        .join(TransitBucket, TransitBucket.lane_id == Lane.id)
        .join(PartnerPost, PartnerPost.id == Lane.partner_id)
        .order_by(Lane.id, TransitBucket.leg, TransitBucket.days)
    )
    for lane_id, origin, dest, p50, partner, leg, days, count in session.execute(
        statement
    ):
        per_lane[(lane_id, f"{origin}→{dest}", partner, leg, p50)].append((days, count))
    found = []
    for (_, name, partner, leg, p50), buckets in per_lane.items():
        median, total = _median(buckets)
        if median >= p50 + lag_days:
            found.append(LaggingLane(name, partner, leg, p50, median, total))
    return sorted(found, key=lambda lane: lane.promised_days - lane.median_days)


def _median(buckets: list[tuple[int, int]]) -> tuple[int, int]:
    total = sum(count for _, count in buckets)
    seen = 0
    for days, count in buckets:
        seen += count
        if seen * 2 >= total:
            return days, total
    return 0, total


def overdue_returns_by_partner(session, mission_ids) -> list[tuple[str, int]]:
    """Return envelopes past their expected arrival, counted per partner post."""
    statement = (
        select(PartnerPost.name, func.count())
        .join(Item, Item.partner_id == PartnerPost.id)
        .where(
            Item.is_final == False,  # noqa: E712 - matches the partial index
            Item.expected_p90_at < utcnow(),
            Item.leg == Leg.RETURN,
        )
        .group_by(PartnerPost.name)
        .order_by(func.count().desc())
    )
    if mission_ids is not None:
        statement = statement.where(Item.mission_id.in_(mission_ids))
    return [tuple(row) for row in session.execute(statement)]
