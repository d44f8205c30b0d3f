"""Canada Post: the Tracking web service, "Get Tracking Details", one PIN a request.

Follows Canada Post's developer program documentation for the Tracking web
service (``GET /vis/track/pin/{pin}/detail``, media type
``application/vnd.cpc.track-v2+xml``) and the recorded responses of its REST
samples: a ``tracking-detail`` document whose ``significant-events`` hold
``occurrence`` elements (``event-identifier``, ``event-date``, ``event-time``,
``event-time-zone``, ``event-description``, ``event-site``, ``event-province``,
``event-retail-name``), and a ``messages`` document for errors (code ``004``,
"No Pin History", for an unknown PIN; ``E002`` for failed authentication).

- Authentication: HTTP basic auth with the API key's user name and password.
- Times are local with a zone abbreviation (EST, PDT...). A known abbreviation
  gives an exact offset; an unknown or missing one falls back to the zone of
  the event's province and is marked inferred.
"""

import datetime as dt
import re
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ovs.postal import s10
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners import http
from partners import timezones
from partners.base import Adapter
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.base import ParsedEvent
from partners.base import TrackingResult
from partners.codes import UNKNOWN
from partners.codes import Meaning
from partners.codes import build
from partners.codes import event
from partners.codes import unmapped

MEDIA_TYPE = "application/vnd.cpc.track-v2+xml"
NOT_FOUND_CODE = "004"

_DELIVERED = {
    code: event(E.DELIVERED)
    for code in [
        "1408",
        "1409",
        "1421",
        "1422",
        "1423",
        "1424",
        "1425",
        "1426",
        "1427",
        "1428",
        "1429",
        "1430",
        "1431",
        "1432",
        "1433",
        "1434",
        "1441",
        "1442",
        "1496",
        "1497",
        "1498",
        "1499",
    ]
}

# Canada Post event identifiers the adapter knows, and the UPU event each is.
# 20, 0100, 0173, 0174 and the delivered family appear in Canada Post's recorded
# sample responses; the others are the acceptance, border, notice-card, pickup
# and return identifiers this adapter and the sandbox agree on.
CODE_MAP: dict[str, Meaning] = {
    "20": unmapped("a signature image recorded for online viewing"),
    "0100": event(E.INTO_SORTING_CENTRE),  # Item processed at postal facility
    "0173": unmapped("an addressing error being corrected; the item did not move"),
    "0174": event(E.OUT_FOR_DELIVERY),  # Item out for delivery
    "0170": event(E.ARRIVED_DELIVERY_OFFICE),  # Item arrived at delivery office
    "3000": event(E.POSTED),  # Item accepted at the Post Office
    "0500": event(E.DEPARTED_OUTWARD_OE),  # Item left Canada
    "0900": event(E.ARRIVED_INWARD_OE),  # Item arrived in Canada
    "0901": event(E.PRESENTED_IMPORT_CUSTOMS),  # Item with the CBSA (customs)
    "0902": event(E.RETURNED_FROM_CUSTOMS),  # Item released by the CBSA
    "0903": event(E.HELD_INWARD_OE),  # Item held by the CBSA for inspection
    "0168": event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION),  # Notice card left
    "0169": event(E.DELIVERY_ATTEMPTED, M.RETRY),  # Attempted; will re-attempt
    "1701": event(E.AT_COLLECTION_POINT),  # Item available for pickup
    "0700": event(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),  # Returned to sender
    **_DELIVERED,
}
# The event identifiers this adapter is built against (see CODE_MAP's note).
DOCUMENTED_STATUSES = (
    *("20", "0100", "0173", "0174"),
    *("1408", "1409", "1421", "1422", "1423", "1424", "1425", "1426", "1427"),
    *("1428", "1429", "1430", "1431", "1432", "1433", "1434", "1441", "1442"),
    *("1496", "1497", "1498", "1499"),
    *("3000", "0170", "0500", "0900", "0901", "0902", "0903"),
    *("0168", "0169", "1701", "0700"),
)

# Abbreviations Canada Post prints in event-time-zone, and their UTC offsets.
ZONE_OFFSETS = {
    "NST": "-03:30",
    "NDT": "-02:30",
    "AST": "-04:00",
    "ADT": "-03:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "UTC": "+00:00",
    "GMT": "+00:00",
}

_PIN = re.compile(r"^(\d{12}|\d{16})$")


@dataclass(frozen=True)
class Occurrence:
    """One significant event of a PIN, as Canada Post sent it."""

    identifier: str
    date: str
    time: str
    zone: str
    description: str | None
    site: str | None
    province: str | None
    retail_name: str | None


def request_path(pin: str) -> str:
    """The path of one PIN's tracking details."""
    return f"/vis/track/pin/{pin}/detail"


def occurred_at(
    date: str, time: str, zone: str, province: str | None
) -> tuple[dt.datetime, bool]:
    """The instant of an occurrence, and whether its offset was inferred."""
    local = dt.datetime.fromisoformat(f"{date.strip()}T{time.strip()}")
    offset = ZONE_OFFSETS.get((zone or "").strip().upper())
    if offset is not None:
        return timezones.with_offset(local, offset), False
    return timezones.localise(local, timezones.zone_for("CA", province)), True


def parse(body: bytes, requested: list[str] | None = None) -> TrackingResult:
    """Turn a tracking-detail or messages document into events or not-found."""
    root = _load(body)
    tag = _local(root.tag)
    if tag == "messages":
        return _messages(root, requested)
    if tag != "tracking-detail":
        raise MalformedResponse(
            f"Canada Post answered with a <{tag}> document, not tracking-detail."
        )
    pin = _text(root, "pin")
    if not pin:
        raise MalformedResponse("Canada Post's tracking-detail has no pin.")
    pin = s10.normalise(pin)
    events = [_event(pin, o) for o in _occurrences(root)]
    return TrackingResult(events=events)


def error_text(body: bytes) -> str:
    """The code and description of a messages document, for an error message."""
    try:
        return error_text_of(_load(body))
    except MalformedResponse:
        return http.NO_REASON


def _load(body: bytes):
    if not body or not body.strip():
        raise MalformedResponse("Canada Post's answer is empty.")
    try:
        return SafeET.fromstring(body)
    except (SafeET.ParseError, DefusedXmlException):
        raise MalformedResponse(
            "Canada Post's answer is not well-formed XML."
        ) from None


def _messages(root, requested):
    codes = {_text(m, "code") for m in _children(root, "message")}
    if NOT_FOUND_CODE in codes:
        return TrackingResult(not_found=[s10.normalise(n) for n in requested or []])
    raise BadRequest(f"Canada Post refused the request: {error_text_of(root)}.")


def error_text_of(root) -> str:
    """The messages of a parsed messages document."""
    parts = [
        f"{_text(m, 'code')} {_text(m, 'description')}".strip()
        for m in _children(root, "message")
    ]
    return "; ".join(parts) or "no message"


def _occurrences(root) -> list[Occurrence]:
    events = _children(root, "significant-events")
    occurrences = []
    for holder in events:
        for node in _children(holder, "occurrence"):
            identifier, date = (
                _text(node, "event-identifier"),
                _text(node, "event-date"),
            )
            time = _text(node, "event-time")
            if not identifier or not date or not time:
                raise MalformedResponse(
                    "A Canada Post occurrence lacks its identifier, date or time."
                )
            occurrences.append(
                Occurrence(
                    identifier=identifier,
                    date=date,
                    time=time,
                    zone=_text(node, "event-time-zone") or "",
                    description=_text(node, "event-description"),
                    site=_text(node, "event-site"),
                    province=_text(node, "event-province"),
                    retail_name=_text(node, "event-retail-name"),
                )
            )
    return occurrences


def _event(pin: str, o: Occurrence) -> ParsedEvent:
    meaning = CODE_MAP.get(o.identifier, UNKNOWN)
    try:
        when, inferred = occurred_at(o.date, o.time, o.zone, o.province)
    except ValueError:
        raise MalformedResponse(
            f"Canada Post sent an event date or time that cannot be read: "
            f"{o.date!r} {o.time!r}."
        ) from None
    location = ", ".join(part for part in (o.site, o.province) if part) or None
    reason = f"Available for pickup at {o.retail_name}" if o.retail_name else None
    return build(
        pin,
        meaning,
        partner_code=o.identifier,
        description=o.description,
        occurred_at=when,
        offset_inferred=inferred,
        location=location,
        country="CA",
        reason=reason,
        partner_event_id=f"{pin}:{o.identifier}:{o.date}T{o.time}",
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node, name: str) -> list:
    return [child for child in node if _local(child.tag) == name]


def _text(node, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


class CanadaPost(Adapter):
    """Canada Post's Tracking web service."""

    name = "canadapost"
    title = "Canada Post"
    country = "CA"
    services = ("registered", "tracked", "ems")
    batch_size = 1
    requests_per_minute = 60.0
    documentation = (
        "Canada Post developer program, Tracking web service: Get Tracking "
        "Details (GET /vis/track/pin/{pin}/detail, track-v2 XML)"
    )

    def accepts(self, tracking_number: str) -> bool:
        """S10 numbers and Canada Post's 12- and 16-digit PINs."""
        number = s10.normalise(tracking_number)
        return s10.is_valid(number) or bool(_PIN.match(number))

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask Canada Post about one PIN."""
        self.check_batch(numbers)
        pin = s10.normalise(numbers[0])
        response = http.send(
            "GET",
            self.base_url + request_path(pin),
            partner=self.title,
            timeout=self.timeout,
            auth=(
                self.credentials.get("username", ""),
                self.credentials.get("password", ""),
            ),
            headers={"Accept": MEDIA_TYPE, "Accept-Language": "en-CA"},
        )
        # A 404 carries the messages document that says the PIN is unknown.
        if response.status_code != 404:
            http.refuse(
                response,
                self.title,
                error_text,
                refused="API key",
                fix="the canadapost username and password credentials",
            )
        return parse(response.content, [pin])

    def parse_tracking(self, body: bytes, requested: list[str] | None = None):
        """Turn one tracking-detail body into events."""
        return parse(body, requested)


ADAPTER = CanadaPost
