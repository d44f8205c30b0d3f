"""Finding a voter from two facts, without ever telling a wrong guess from a stranger.

Both ways in (registry number with date of birth, tracking number with postcode)
run the same queries and the same constant-time comparison whether or not the
record exists, count the attempt against the client address and against the
record (or, for an unknown record, against what was typed), and fail with one
message for every kind of miss.
"""

import hashlib
import hmac
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.errors import OvsError
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Voter
from ovs.portal import attempts
from ovs.portal import inputs

log = logs.get(__name__)

# Compared against when no record matched, so a miss costs what a hit costs.
_ABSENT = "\x00absent\x00"

NOT_FOUND = _l(
    "We could not find a ballot with these details. Check them and try again. "
    "If they are right, contact your mission."
)


class FormInvalid(InvalidInput):
    """Some fields of the look-up form cannot be used; each says why."""

    def __init__(self, errors: list[inputs.FieldInvalid]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class TooManyAttempts(OvsError):
    """Too many look-ups from one place or for one record in the window."""

    http_status = 429
    code = "too_many_attempts"

    def __init__(self, minutes: int):
        super().__init__(
            str(
                _l(
                    "Too many attempts. To keep voters' details safe, look-ups "
                    "are paused: try again in %(minutes)d minutes.",
                    minutes=minutes,
                )
            )
        )
        self.minutes = minutes


@dataclass(frozen=True)
class Limits:
    """How many attempts each key may make in one window."""

    per_address: int
    per_voter: int
    window_seconds: int

    @classmethod
    def from_config(cls, config) -> "Limits":
        """The limits set in the app's settings."""
        return cls(
            config["PORTAL_ATTEMPTS_PER_ADDRESS"],
            config["PORTAL_ATTEMPTS_PER_VOTER"],
            config["PORTAL_ATTEMPT_WINDOW_SECONDS"],
        )

    @property
    def minutes(self) -> int:
        """The window in whole minutes, rounded up, for messages."""
        return -(-self.window_seconds // 60)


def read_form(mode: str, form) -> tuple[str, str]:
    """The two facts of a look-up form, or FormInvalid listing every bad field."""
    readers = {
        "registry": (
            ("registry_number", inputs.registry_number),
            ("date_of_birth", inputs.date_of_birth),
        ),
        "tracking": (
            ("tracking_number", inputs.tracking_number),
            ("postcode", inputs.postcode),
        ),
    }[mode]
    values, errors = [], []
    for name, reader in readers:
        try:
            values.append(reader(form.get(name)))
        except inputs.FieldInvalid as error:
            errors.append(error)
    if errors:
        raise FormInvalid(errors)
    return values[0], values[1]


def find_voter(session, mode: str, form, client: str, limits: Limits, secret: str):
    """The id of the voter the form's two facts name; raise NotFound or TooMany."""
    first, second = read_form(mode, form)
    attempts.relax_commit(session)
    if mode == "registry":
        voter_id, stored = _by_registry(session, first)
        given = second.isoformat()
    else:
        voter_id, stored = _by_tracking(session, first)
        given = second
    matched = hmac.compare_digest(stored or _ABSENT, given)
    key = f"voter:{voter_id}" if voter_id else f"{mode}:{_digest(secret, first)}"
    address = f"addr:{client}"
    before = attempts.bump(
        session, {key: 0 if matched else 1, address: 1}, limits.window_seconds
    )
    by_record, by_address = before[key], before[address]
    if by_address >= limits.per_address or by_record >= limits.per_voter:
        scope = "address" if by_address >= limits.per_address else "record"
        log.info("portal.lookup_limited", scope=scope)
        raise TooManyAttempts(limits.minutes)
    if not (matched and voter_id):
        log.info("portal.lookup_missed", mode=mode)
        raise NotFound(str(NOT_FOUND))
    log.info("portal.lookup_found", mode=mode, voter_id=voter_id)
    return voter_id


def _by_registry(session, number: str) -> tuple[int | None, str | None]:
    # The newest record wins when a voter is registered in several elections.
    row = session.execute(
        select(Voter.id, Voter.date_of_birth)
        .where(Voter.registry_number == number)
        .order_by(Voter.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return row.id, row.date_of_birth.isoformat()


def _by_tracking(session, number: str) -> tuple[int | None, str | None]:
    row = session.execute(
        select(Voter.id, Voter.postal_code)
        .join(Ballot, Ballot.voter_id == Voter.id)
        .join(Item, Item.ballot_id == Ballot.id)
        .where(Item.tracking_number == number)
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return row.id, inputs.normalise_postcode(row.postal_code or "")


def _digest(secret: str, text: str) -> str:
    """A keyed hash, so counters never hold what a visitor typed."""
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:40]
