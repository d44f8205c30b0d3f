"""The generic callback format: signed JSON events in UPU terms.

A partner posts ``{"events": [...]}`` where each event is an object with
``tracking_number``, ``code`` (a UPU event code), ``time`` (ISO 8601 with a UTC
offset), ``location``, ``country`` (ISO alpha-2) and optionally ``reason``,
``measure`` (after a failed delivery: retry, held_for_collection,
return_to_sender, forwarded) and ``id`` (the partner's event id). The header
``OVS-Signature: t=<unix seconds>,v1=<hex>`` carries an HMAC-SHA256 of
``"<t>.<raw body>"`` keyed with the partner's callback secret. The signature
covers the raw bytes as received, never a re-serialised body.

This module holds no database and no Flask: it signs, verifies and parses.
"""

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from dataclasses import field

from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import Measure
from ovs.postal.events import parse_code
from partners.base import MalformedResponse
from partners.base import ParsedEvent
from partners.base import SignatureInvalid

HEADER = "OVS-Signature"
TOLERANCE_SECONDS = 300

UNKNOWN_CODE = "unknown code"
BAD_TIME = "bad time"
MISSING_FIELD = "missing field"
UNKNOWN_MEASURE = "unknown measure"

SHAPE_MESSAGE = (
    'The body must be a JSON object with an "events" list of objects, each with '
    "tracking_number, code, time, location and country."
)


@dataclass(frozen=True)
class CallbackRejection:
    """One event of a callback that cannot be used, with its index and why."""

    index: int
    reason: str


@dataclass
class CallbackBatch:
    """The usable events of a callback, each with its index, and the rejected ones."""

    events: list[tuple[int, ParsedEvent]] = field(default_factory=list)
    rejected: list[CallbackRejection] = field(default_factory=list)


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under the secret."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secret: str, body: bytes, timestamp: int) -> str:
    """The full ``OVS-Signature`` header value for a body."""
    return f"t={timestamp},v1={signature(secret, body, timestamp)}"


def _parts(value: str) -> dict[str, str]:
    parts = {}
    for piece in value.split(","):
        name, sep, content = piece.strip().partition("=")
        if sep:
            parts.setdefault(name, content)
    return parts


def verify(
    headers,
    body: bytes,
    secret: str,
    now: dt.datetime,
    tolerance: int = TOLERANCE_SECONDS,
) -> None:
    """Raise SignatureInvalid unless the raw body carries a fresh, valid signature."""
    value = headers.get(HEADER)
    if not value:
        raise SignatureInvalid(f"Missing {HEADER} header.")
    parts = _parts(value)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise SignatureInvalid(
            f"The {HEADER} header must be t=<unix seconds>,v1=<hex>."
        )
    if abs(now.timestamp() - int(stamp)) > tolerance:
        raise SignatureInvalid(
            f"The signature timestamp is more than {tolerance // 60} minutes off."
        )
    expected = signature(secret, body, int(stamp))
    if not hmac.compare_digest(expected, given.lower()):
        raise SignatureInvalid("The signature does not match the body.")


def parse(body: bytes, max_events: int | None = None) -> CallbackBatch:
    """Parse a raw body; raise MalformedResponse when it is not the documented shape."""
    raw = _events_list(body)
    if max_events is not None and len(raw) > max_events:
        raise TooManyEvents(max_events, len(raw))
    batch = CallbackBatch()
    for index, entry in enumerate(raw):
        event_or_reason = parse_event(entry)
        if isinstance(event_or_reason, str):
            batch.rejected.append(CallbackRejection(index, event_or_reason))
        else:
            batch.events.append((index, event_or_reason))
    return batch


class TooManyEvents(MalformedResponse):
    """A callback with more events than one request may carry."""

    def __init__(self, limit: int, got: int):
        super().__init__(f"A callback carries at most {limit} events; got {got}.")
        self.limit = limit
        self.got = got


def _events_list(body: bytes) -> list[dict]:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedResponse("The body is not JSON. " + SHAPE_MESSAGE) from None
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise MalformedResponse(SHAPE_MESSAGE)
    return events


def _text(entry: dict, name: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    return value.strip() if isinstance(value, str) else str(value)


def parse_event(entry: dict) -> ParsedEvent | str:
    """One event of a callback, or the reason it cannot be used."""
    number = _text(entry, "tracking_number")
    if not number:
        return f"{MISSING_FIELD}: tracking_number"
    code = parse_code(_text(entry, "code"))
    if code is None:
        return UNKNOWN_CODE
    occurred_at = parse_time(_text(entry, "time"))
    if occurred_at is None:
        return BAD_TIME
    measure = _text(entry, "measure")
    if measure and measure not in set(Measure):
        return UNKNOWN_MEASURE
    return ParsedEvent(
        tracking_number=number,
        code=code,
        partner_code=_text(entry, "code"),
        description=DESCRIPTIONS.get(code),
        occurred_at=occurred_at,
        location=_text(entry, "location"),
        country=(_text(entry, "country") or "").upper()[:2] or None,
        reason=_text(entry, "reason"),
        measure=Measure(measure) if measure else None,
        partner_event_id=_text(entry, "id"),
    )


def parse_time(text: str | None) -> dt.datetime | None:
    """An aware datetime from ISO 8601 text with an offset, or None."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        return None
    return value


def body(events: list[dict]) -> bytes:
    """Serialise events in the generic format, for senders and tests."""
    return json.dumps({"events": events}, separators=(",", ":")).encode()


class GenericCallbacks:
    """Adapter methods for partners that send callbacks in the generic format."""

    def verify_callback(self, headers, body: bytes, secret: str, now) -> None:
        """Raise SignatureInvalid unless the raw body is signed with the secret."""
        verify(headers, body, secret, now)

    def parse_callback(self, body: bytes) -> list[ParsedEvent]:
        """The usable events of a callback body."""
        return [event for _, event in parse(body).events]

    def parse_callback_batch(self, body: bytes, max_events: int) -> CallbackBatch:
        """The usable events with their indexes, and the rejected ones."""
        return parse(body, max_events)
