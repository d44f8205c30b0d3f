"""Load the demo election: missions, partner posts, ranges, lanes, voters, staff.

The same seed always gives the same voters. Voters are written with bulk inserts
in one transaction, so a failed load leaves nothing behind.
"""

import datetime as dt
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from faker import Faker
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from ovs import accounts
from ovs import logs
from ovs.demo.places import MISSIONS
from ovs.demo.places import Locality
from ovs.demo.places import MissionSpec
from ovs.errors import Conflict
from ovs.models import Election
from ovs.models import Lane
from ovs.models import Mission
from ovs.models import MissionCountry
from ovs.models import PartnerPost
from ovs.models import TrackingRange
from ovs.models import Voter
from ovs.postal.status import Role
from ovs.postal.status import ServiceClass

log = logs.get(__name__)

DEMO_ADMIN_EMAIL = "admin@ovs.example"
DEMO_MISSION_EMAIL = "kul@ovs.example"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - printed by the demo on purpose
# Admins sign in with a second factor; the demo admin's secret is fixed and
# printed so a new user can add it to an app or ask `flask demo-code`.
DEMO_ADMIN_TOTP_SECRET = "OVSDEMOADMINTOTPSECRETKEY2345672"  # noqa: S105 - printed too

# Default transit days (median, 90th percentile) before any observations.
DEFAULT_TRANSIT_DAYS = {
    ServiceClass.REGISTERED: (5.0, 10.0),
    ServiceClass.TRACKED: (4.0, 8.0),
    ServiceClass.EMS: (2.0, 4.0),
}
# S10 service indicators each service class is sent under.
SERVICE_INDICATORS = {
    ServiceClass.REGISTERED: "RR",
    ServiceClass.TRACKED: "LX",
    ServiceClass.EMS: "EE",
}
RANGE_SIZE = 1_000_000
CHUNK = 10_000
# The share of each mission's voters whose ballots are issued and handed over at
# seed time, so the portal and the dashboard have items in flight to show.
DISPATCHED_SHARE = 0.6
# Days before the seed at which each mission hands over one wave of that share,
# so the demo opens with ballots delivered, returned and still on their way.
HANDOVER_DAYS_AGO = (12, 9, 6, 4, 2, 1)


@dataclass
class SeedResult:
    """What the seed made, for the command to print."""

    election: Election
    missions: list[Mission]
    partners: list[PartnerPost]
    voters: int


def seed_demo(
    session,
    *,
    voters: int,
    seed: int = 2024,
    today: dt.date | None = None,
    dispatched: float = DISPATCHED_SHARE,
):
    """Load the demo election; ``dispatched`` of the voters get ballots in the post."""
    if session.scalar(select(func.count()).select_from(Election)):
        raise Conflict(
            "This database already holds an election; seed-demo loads only into an "
            "empty one. Use a new OVS_DATABASE_URL or drop this database first."
        )
    today = today or dt.date.today()
    election = _election(session, today)
    missions, partners = [], []
    for index, spec in enumerate(MISSIONS):
        partner = add_partner(session, spec)
        mission = add_mission(session, election, spec)
        _ranges(session, mission, partner, index)
        _lanes(session, spec, partner)
        missions.append(mission)
        partners.append(partner)
    session.flush()
    count = _voters(session, election, missions, voters, seed)
    _staff(session, missions[0])
    if dispatched:
        dispatch_share(session, missions, dispatched)
    log.info("demo.seeded", election_id=election.id, voters=count, seed=seed)
    return SeedResult(election, missions, partners, count)


def _election(session, today: dt.date) -> Election:
    voting_day = today + dt.timedelta(days=42)
    deadline = dt.datetime.combine(voting_day, dt.time(12, 0), tzinfo=dt.UTC)
    election = Election(
        code="PEMILU-LN",
        name="General election abroad (demo)",
        home_country="ID",
        voting_day=voting_day,
        return_deadline=deadline,
        mail_marking="SURAT SUARA · ELECTION MAIL",
    )
    session.add(election)
    return election


def add_partner(session, spec: MissionSpec) -> PartnerPost:
    """The partner post that serves a demo mission's country."""
    partner = PartnerPost(
        code=spec.partner_code,
        name=spec.partner_name,
        country=spec.country,
        adapter=spec.adapter,
        settings={},
        callback_secret=secrets.token_hex(32),
    )
    session.add(partner)
    return partner


def add_mission(session, election: Election, spec: MissionSpec) -> Mission:
    """A demo mission serving its own country."""
    mission = Mission(
        election=election,
        code=spec.code,
        name=spec.name,
        country=spec.country,
        city=spec.city,
        timezone=spec.timezone,
        return_address=spec.return_address,
    )
    mission.countries.append(MissionCountry(country=spec.country))
    session.add(mission)
    return mission


def _ranges(session, mission: Mission, partner: PartnerPost, index: int) -> None:
    for offset, indicator in enumerate(SERVICE_INDICATORS.values()):
        first = (index * 3 + offset) * RANGE_SIZE + 1
        session.add(
            TrackingRange(
                partner=partner,
                mission=mission,
                service_indicator=indicator,
                country=partner.country,
                first_serial=first,
                last_serial=first + RANGE_SIZE - 2,
                next_serial=first,
            )
        )


def _lanes(session, spec: MissionSpec, partner: PartnerPost) -> None:
    for service, (p50, p90) in DEFAULT_TRANSIT_DAYS.items():
        session.add(
            Lane(
                origin_country=spec.country,
                destination_country=spec.country,
                partner=partner,
                service_class=service,
                default_p50_days=p50,
                default_p90_days=p90,
            )
        )


def _staff(session, mission: Mission) -> None:
    actor = "seed-demo"
    admin = accounts.create_staff(
        session,
        email=DEMO_ADMIN_EMAIL,
        name="Demo administrator",
        password=DEMO_PASSWORD,
        role=Role.ADMIN,
        actor=actor,
    )
    admin.totp_secret = DEMO_ADMIN_TOTP_SECRET
    admin.totp_enabled = True
    accounts.create_staff(
        session,
        email=DEMO_MISSION_EMAIL,
        name="Demo KUL committee",
        password=DEMO_PASSWORD,
        role=Role.MISSION,
        mission_code=mission.code,
        actor=actor,
    )


def _voters(session, election, missions, total: int, seed: int) -> int:
    rows = voter_rows(election.id, missions, total, seed)
    written = 0
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            session.execute(insert(Voter), batch)
            written += len(batch)
            batch = []
    if batch:
        session.execute(insert(Voter), batch)
        written += len(batch)
    return written


def voter_rows(election_id: int, missions, total: int, seed: int) -> Iterator[dict]:
    """Yield ``total`` synthetic voter rows spread over missions by their weights."""
    rng = random.Random(seed)
    names = _NamePool(seed)
    specs = {spec.code: spec for spec in MISSIONS}
    weights = [specs[m.code].weight for m in missions]
    now = dt.datetime.now(dt.UTC)
    for number in range(total):
        mission = rng.choices(missions, weights)[0]
        spec = specs[mission.code]
        locality = rng.choice(spec.localities)
        address = _address(rng, locality)
        yield {
            "election_id": election_id,
            "mission_id": mission.id,
            "registry_number": f"99{number:014d}",
            "full_name": names.full_name(rng),
            "date_of_birth": _birth_date(rng),
            "country": spec.country,
            "subdivision": None,
            "address": address,
            "postal_code": _compact(address.get("postal_code")),
            "email": f"voter{number}@example.org" if rng.random() < 0.6 else None,
            "phone": _phone(rng, spec.country) if rng.random() < 0.7 else None,
            "language": "en" if rng.random() < 0.15 else "id",
            "created_at": now,
            "updated_at": now,
        }


def _address(rng: random.Random, locality: Locality) -> dict:
    street = rng.choice(locality.streets)
    house = rng.randint(1, 250)
    if locality.streets[0][0].isdigit() or locality.city.endswith(("-ku", "-shi")):
        street_line = (
            f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{house % 20 + 1} {street}"
        )
    else:
        street_line = f"{house} {street}" if rng.random() < 0.5 else f"{street} {house}"
    address = {"street_address": street_line, "city": locality.city}
    if locality.area:
        address["country_area"] = locality.area
    if locality.postcodes:
        address["postal_code"] = _fill(rng, rng.choice(locality.postcodes))
    return address


def _fill(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randint(0, 9)) if c == "#" else c for c in pattern)


def _compact(postcode: str | None) -> str | None:
    return postcode.replace(" ", "").replace("-", "").upper() if postcode else None


def _birth_date(rng: random.Random) -> dt.date:
    return dt.date(1945, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 62))


def _phone(rng: random.Random, country: str) -> str | None:
    example = phonenumbers.example_number_for_type(
        country, phonenumbers.PhoneNumberType.MOBILE
    )
    if example is None:
        return None
    national = str(example.national_number)
    tail = f"{rng.randint(0, 9999):04d}"
    return f"+{example.country_code}{national[:-4]}{tail}"


class _NamePool:
    """Indonesian given and family names drawn once from Faker, then combined."""

    def __init__(self, seed: int, size: int = 400):
        fake = Faker("id_ID")
        fake.seed_instance(seed)
        self.first = [fake.first_name() for _ in range(size)]
        self.last = [fake.last_name() for _ in range(size)]

    def full_name(self, rng: random.Random) -> str:
        """A plausible name: often two parts, sometimes a single name."""
        first = rng.choice(self.first)
        if rng.random() < 0.2:
            return first
        return f"{first} {rng.choice(self.last)}"


def dispatch_share(session, missions, share: float, now: dt.datetime | None = None):
    """Issue and hand over ballots to ``share`` of each mission's voters.

    Each mission hands over in waves on the days of ``HANDOVER_DAYS_AGO``.
    """
    from ovs.dispatch.batches import create_batch
    from ovs.dispatch.handover import hand_over

    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    issued = 0
    for mission in missions:
        voters = session.scalar(
            select(func.count())
            .select_from(Voter)
            .where(Voter.mission_id == mission.id)
        )
        for wave, limit in enumerate(_waves(round(voters * share))):
            handed = now - dt.timedelta(days=HANDOVER_DAYS_AGO[wave])
            result = create_batch(
                session,
                mission_code=mission.code,
                limit=limit,
                actor="seed-demo",
                now=handed - dt.timedelta(hours=2),
            )
            hand_over(session, result.batch.id, actor="seed-demo", now=handed)
            issued += result.ballots
    return issued


def _waves(total: int) -> list[int]:
    """``total`` split over the handover days, oldest first, none empty."""
    count = len(HANDOVER_DAYS_AGO)
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    return [size for size in sizes if size]
