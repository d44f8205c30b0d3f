"""Object factories shared by every test: small, valid defaults, overridable."""

import datetime as dt
import itertools
import secrets

from ovs.accounts import hash_password
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Lane
from ovs.models import Mission
from ovs.models import MissionCountry
from ovs.models import PartnerPost
from ovs.models import StaffUser
from ovs.models import TrackingRange
from ovs.models import Voter
from ovs.postal.status import Leg
from ovs.postal.status import Role
from ovs.postal.status import ServiceClass

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery"


def _next() -> int:
    return next(_counter)


def election(session, **fields) -> Election:
    """An election with voting day and deadline in six weeks."""
    n = _next()
    voting_day = fields.pop("voting_day", dt.date.today() + dt.timedelta(days=42))
    values = {
        "code": f"E{n}",
        "name": f"Test election {n}",
        "home_country": "ID",
        "voting_day": voting_day,
        "return_deadline": dt.datetime.combine(voting_day, dt.time(12), dt.UTC),
    }
    values.update(fields)
    obj = Election(**values)
    session.add(obj)
    session.flush()
    return obj


def mission(session, election_=None, country="MY", **fields) -> Mission:
    """A mission serving its own country."""
    n = _next()
    values = {
        "election": election_ or election(session),
        "code": f"M{n}",
        "name": f"Mission {n}",
        "country": country,
        "city": "Kuala Lumpur",
        "timezone": "Asia/Kuala_Lumpur",
        "return_address": {
            "street_address": "233 Jalan Tun Razak",
            "city": "Kuala Lumpur",
            "country_area": "Kuala Lumpur",
            "postal_code": "50400",
        },
    }
    values.update(fields)
    obj = Mission(**values)
    obj.countries.append(MissionCountry(country=values["country"]))
    session.add(obj)
    session.flush()
    return obj


def partner(session, country="MY", adapter="upu", **fields) -> PartnerPost:
    """A partner post with a fresh callback secret."""
    n = _next()
    values = {
        "code": f"post{n}",
        "name": f"Post {n}",
        "country": country,
        "adapter": adapter,
        "settings": {},
        "callback_secret": secrets.token_hex(16),
    }
    values.update(fields)
    obj = PartnerPost(**values)
    session.add(obj)
    session.flush()
    return obj


def tracking_range(session, partner_, mission_, **fields) -> TrackingRange:
    """A range of S10 serials allocated by a partner to a mission."""
    first = fields.pop("first_serial", 10_000_000 + _next() * 10_000)
    size = fields.pop("size", 1000)
    values = {
        "partner": partner_,
        "mission": mission_,
        "service_indicator": "RR",
        "country": partner_.country,
        "first_serial": first,
        "last_serial": first + size - 1,
        "next_serial": first,
    }
    values.update(fields)
    obj = TrackingRange(**values)
    session.add(obj)
    session.flush()
    return obj


def lane(session, partner_, origin="MY", destination="MY", **fields) -> Lane:
    """A lane with default transit times."""
    values = {
        "origin_country": origin,
        "destination_country": destination,
        "partner": partner_,
        "service_class": ServiceClass.REGISTERED,
        "default_p50_days": 5.0,
        "default_p90_days": 10.0,
    }
    values.update(fields)
    obj = Lane(**values)
    session.add(obj)
    session.flush()
    return obj


def voter(session, mission_=None, **fields) -> Voter:
    """A voter living in Kuala Lumpur."""
    n = _next()
    mission_ = mission_ or mission(session)
    values = {
        "election_id": mission_.election_id,
        "mission_id": mission_.id,
        "registry_number": f"3171{n:012d}",
        "full_name": f"Siti Rahma {n}",
        "date_of_birth": dt.date(1988, 5, 17),
        "country": mission_.country,
        "address": {
            "street_address": f"{n} Jalan Ampang",
            "city": "Kuala Lumpur",
            "country_area": "Kuala Lumpur",
            "postal_code": "50450",
        },
        "postal_code": "50450",
        "email": f"voter{n}@example.org",
        "language": "id",
    }
    values.update(fields)
    obj = Voter(**values)
    session.add(obj)
    session.flush()
    return obj


def ballot(session, voter_=None, partner_=None, **fields) -> Ballot:
    """A live ballot with an outbound and a return item."""
    voter_ = voter_ or voter(session)
    partner_ = partner_ or partner(session, country=voter_.country)
    obj = Ballot(voter=voter_, mission_id=voter_.mission_id, **fields)
    session.add(obj)
    session.flush()
    for leg, serial in ((Leg.OUTBOUND, _next()), (Leg.RETURN, _next())):
        session.add(item(obj, partner_, leg=leg, serial=serial))
    session.flush()
    return obj


def item(ballot_, partner_, leg=Leg.OUTBOUND, serial=None, **fields) -> Item:
    """An item of a ballot with a valid S10 number (not added to a session)."""
    serial = serial if serial is not None else _next()
    values = {
        "ballot": ballot_,
        "mission_id": ballot_.mission_id,
        "partner_id": partner_.id,
        "leg": leg,
        "service_class": ServiceClass.REGISTERED,
        "tracking_number": s10_number("RR", serial, partner_.country),
        "voter_country": partner_.country,
    }
    values.update(fields)
    return Item(**values)


def s10_number(indicator: str, serial: int, country: str) -> str:
    """A valid UPU S10 number for a serial (weights 8 6 4 2 3 5 9 7, mod 11)."""
    digits = f"{serial:08d}"
    total = sum(
        int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)
    )
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{indicator}{digits}{check}{country}"


def staff(session, role=Role.ADMIN, mission_=None, **fields) -> StaffUser:
    """A staff user whose password is ``PASSWORD``."""
    n = _next()
    values = {
        "email": f"staff{n}@ovs.example",
        "name": f"Staff {n}",
        "password_hash": hash_password(PASSWORD),
        "role": role,
        "mission_id": mission_.id if mission_ else None,
    }
    values.update(fields)
    obj = StaffUser(**values)
    session.add(obj)
    session.flush()
    return obj


def staff_with_totp(session, role=Role.ADMIN, mission_=None, **fields):
    """A staff user with the second factor on; returns the user and its secret."""
    import pyotp

    secret = pyotp.random_base32()
    user = staff(
        session, role=role, mission_=mission_, totp_secret=secret, totp_enabled=True
    )
    for name, value in fields.items():
        setattr(user, name, value)
    session.flush()
    return user, secret


def form_token(client, path: str = "/staff/login") -> str:
    """The CSRF token the form at ``path`` carries for this client's session."""
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in_with_code(
    client, user, secret: str | None = None, password: str = PASSWORD
):
    """Sign a staff user in through the real forms; return the last response."""
    import pyotp

    token = form_token(client)
    response = client.post(
        "/staff/login",
        data={"email": user.email, "password": password, "csrf_token": token},
    )
    if "/staff/login/code" in response.headers.get("Location", ""):
        response = client.post(
            "/staff/login/code",
            data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
        )
    return response


def status_event(item_, code, when=None, **fields):
    """A ParsedEvent for an item in UPU terms, an hour ago unless ``when`` is given."""
    from partners.base import ParsedEvent

    when = when or dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    values = {
        "tracking_number": item_.tracking_number,
        "code": code,
        "partner_code": code.value if code else "X?",
        "description": "test event",
        "occurred_at": when,
    }
    values.update(fields)
    return ParsedEvent(**values)


_hash_cache: dict[str, str] = {}


def cached_password_hash(password: str = PASSWORD) -> str:
    """The argon2 hash of a password, computed once per test run (it is slow)."""
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    return _hash_cache[password]


def quick_staff(session, role=Role.MISSION, mission_=None, **fields) -> StaffUser:
    """A staff user like ``staff``, reusing one password hash to keep tests fast."""
    fields.setdefault("password_hash", cached_password_hash())
    return staff(session, role=role, mission_=mission_, **fields)


def login_as(client, user) -> None:
    """Put a user in the client's session as Flask-Login does, skipping the forms.

    For tests about what a signed-in user may see; sign-in itself is tested
    through the forms with ``sign_in``.
    """
    import time

    from flask_login.utils import _create_identifier

    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(user.id)
        cookie["_fresh"] = True
        cookie["_id"] = identifier
        cookie["seen_at"] = time.time()


def voter_row(n: int = 1, **cells) -> dict:
    """One good row of a voter list file for a Kuala Lumpur voter."""
    row = {
        "registry_number": f"31710000{n:08d}",
        "full_name": f"Budi Santoso {chr(64 + n % 26 + 1)}",
        "date_of_birth": "1980-05-01",
        "country": "MY",
        "subdivision": "MY-14",
        "street_address": f"{n} Jalan Ampang",
        "city": "Kuala Lumpur",
        "city_area": "",
        "postal_code": "50450",
        "country_area": "Kuala Lumpur",
        "email": f"budi{n}@example.org",
        "phone": "+60 12-345 6789",
        "language": "id",
    }
    row.update(cells)
    return row


def voter_csv(rows: list[dict], columns=None, bom: bool = False) -> bytes:
    """A voter list as CSV UTF-8 bytes, with the columns of the first row."""
    import csv
    import io

    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def dispatch_world(
    session, voters=3, lanes=(ServiceClass.REGISTERED,), **mission_fields
):
    """A mission with a partner, one RR/LX/EE range each, lanes and pending voters.

    Returns a simple namespace: mission, partner, ranges (by class), lanes (by
    class), voters.
    """
    from types import SimpleNamespace

    mission_ = mission(session, **mission_fields)
    partner_ = partner(session, country=mission_.country)
    indicators = {
        ServiceClass.REGISTERED: "RR",
        ServiceClass.TRACKED: "LX",
        ServiceClass.EMS: "EE",
    }
    transit = {
        ServiceClass.REGISTERED: (5.0, 10.0),
        ServiceClass.TRACKED: (4.0, 8.0),
        ServiceClass.EMS: (2.0, 4.0),
    }
    ranges = {
        service: tracking_range(
            session, partner_, mission_, service_indicator=indicators[service]
        )
        for service in lanes
    }
    lanes_ = {
        service: lane(
            session,
            partner_,
            origin=mission_.country,
            destination=mission_.country,
            service_class=service,
            default_p50_days=transit[service][0],
            default_p90_days=transit[service][1],
        )
        for service in lanes
    }
    voters_ = [voter(session, mission_) for _ in range(voters)]
    return SimpleNamespace(
        mission=mission_, partner=partner_, ranges=ranges, lanes=lanes_, voters=voters_
    )


def callback_event(item_, code="EMA", time="2027-01-08T09:00:00+08:00", **fields):
    """One event in the generic callback format for an item."""
    values = {
        "tracking_number": item_.tracking_number,
        "code": code,
        "time": time,
        "location": "KUALA LUMPUR",
        "country": "MY",
    }
    values.update(fields)
    return values


def api_token(session, scopes=("read:items", "read:counts"), mission_=None, **fields):
    """An API token; returns the row and the raw bearer value."""
    from ovs.integration.tokens import create_token

    token, raw = create_token(
        session,
        name=fields.pop("name", f"token {_next()}"),
        scopes=list(scopes),
        mission_code=mission_.code if mission_ else None,
        actor="test",
        **fields,
    )
    return token, raw


def tracking_events(session, item_, codes, start=None, source="poll"):
    """Events for an item through the one ingest path, an hour apart from ``start``."""
    from ovs.tracking.ingest import ingest
    from partners.base import ParsedEvent

    start = start or dt.datetime(
        2027, 1, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    events = [
        ParsedEvent(
            tracking_number=item_.tracking_number,
            code=code,
            partner_code=f"P-{code}",
            description=f"Event {code}",
            occurred_at=start + dt.timedelta(hours=n),
            location="KUALA LUMPUR",
            country="MY",
        )
        for n, code in enumerate(codes)
    ]
    return ingest(session, events, source=source)


def webhook_subscriber(session, url, topics=("item.status_changed",), **fields):
    """A subscriber for a URL; returns the row and its signing secret."""
    from ovs.integration.subscribers import add_subscriber

    return add_subscriber(
        session,
        name=fields.pop("name", f"logistics {_next()}"),
        url=url,
        topics=list(topics),
        actor="test",
        allow_private=True,
    )


def csrf_token(page: bytes) -> str:
    """The CSRF token of the first form on a page."""
    import re

    found = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1).decode()


def sign_in(client, user: StaffUser) -> None:
    """Sign a staff user in through the real sign-in form (slow: argon2)."""
    token = csrf_token(client.get("/staff/login").data)
    answer = client.post(
        "/staff/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert answer.status_code == 302, answer.data


def event(session, item_, code, at=None, **fields):
    """One tracking event for an item, stored through the one ingest path."""
    from ovs.tracking.ingest import ingest
    from partners.base import ParsedEvent

    values = {
        "tracking_number": item_.tracking_number,
        "code": code,
        "partner_code": str(code) if code else "X-UNKNOWN",
        "description": None,
        "occurred_at": at or dt.datetime.now(dt.UTC),
    }
    values.update(fields)
    result = ingest(session, [ParsedEvent(**values)], source="poll")
    session.flush()
    return result


def subscription(session, voter_, confirmed=True, **fields):
    """A voter's email subscription, confirmed unless asked otherwise."""
    from ovs.models import Subscription
    from ovs.models.base import utcnow

    n = _next()
    values = {
        "voter_id": voter_.id,
        "channel": "email",
        "address": f"subscriber{n}@example.org",
        "language": voter_.language,
        "token_hash": secrets.token_hex(32),
        "confirmed_at": utcnow() if confirmed else None,
    }
    values.update(fields)
    obj = Subscription(**values)
    session.add(obj)
    session.flush()
    return obj
