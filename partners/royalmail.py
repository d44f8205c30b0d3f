"""Royal Mail adapter: the Royal Mail Tracking API v2 ("mailpieces" events).

Follows Royal Mail's Tracking API v2 as published on the Royal Mail API
developer portal (developer.royalmail.net, Tracking API v2: Events, Summary,
Signature operations):

- ``GET <base>/mailpieces/v2/{mailPieceId}/events``: the full history of one
  item, with headers ``X-IBM-Client-Id``, ``X-IBM-Client-Secret`` and
  ``X-Accept-RMG-Terms: yes``. (The Summary operation takes up to 30 ids but
  gives only each item's latest event, so OVS reads Events, one id a request.)
- The answer is ``{"mailPieces": {"mailPieceId", "summary": {...},
  "events": [{"eventCode", "eventName", "eventDateTime", "locationName"}]}}``
  with ``eventDateTime`` in ISO 8601 with its offset (``+01:00`` or ``Z``).
- Errors come as ``{"httpCode", "httpMessage", "moreInformation", "errors":
  [{"errorCode", "errorDescription", "errorCause", "errorResolution"}]}``:
  E0004 for a missing terms header (400), E1142 for a barcode Royal Mail does
  not recognise (404), 401 for an unregistered client id, 429 for too many
  requests.

Royal Mail publishes its event codes only by example; the table below holds
the codes its documentation and published responses show. Others are kept
with ``code=None``. A time without an offset is read in London time and
marked ``offset_inferred``.
"""

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

ZONE = "Europe/London"

# Royal Mail event codes, the preferred code of each UPU event first.
CODES: dict[str, Meaning] = {
    "EVPPA": event(E.POSTED),
    "EVOAC": event(E.POSTED),
    "EVDAC": event(E.INTO_SORTING_CENTRE),
    "EVDAV": event(E.INTO_SORTING_CENTRE),
    "EVIMC": event(E.INTO_SORTING_CENTRE),
    "EVORI": event(E.INTO_SORTING_CENTRE),
    "EVODO": event(E.OUT_OF_SORTING_CENTRE),
    "EVOCO": event(E.ARRIVED_DELIVERY_OFFICE),
    "EVGPD": event(E.OUT_FOR_DELIVERY),
    "EVNDA": event(E.HELD_DELIVERY_OFFICE),
    "EVNRT": event(E.HELD_DELIVERY_OFFICE),
    "EVNSR": event(E.HELD_DELIVERY_OFFICE),
    "EVKSP": event(E.DELIVERED),
    "EVKSF": event(E.DELIVERED),
    "EVKOP": event(E.DELIVERED),
    "EVKNR": event(E.DELIVERY_ATTEMPTED, M.RETRY, "Delivery attempted"),
    "EVKNA": event(
        E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Delivery attempted, no answer"
    ),
    "EVAIE": unmapped("the sender is preparing the item; it is not yet posted"),
    "EVAIP": unmapped("the sender is despatching the item; it is not yet posted"),
    "EVNMI": unmapped("forwarded after a mis-sort: a routing error, not a step"),
    "RSRXS": unmapped("the addressee asked for redelivery; the item did not move"),
}

NOT_FOUND_CODES = {"E1142", "E1144"}


def meaning_of(code: str | None) -> Meaning:
    """The meaning of a Royal Mail event code."""
    return CODES.get((code or "").strip().upper(), UNKNOWN)


def build_request(base_url: str, number: str, credentials) -> dict:
    """The keyword arguments of the Events GET for one item."""
    return {
        "url": f"{base_url}/mailpieces/v2/{number}/events",
        "headers": {
            "Accept": "application/json",
            "X-IBM-Client-Id": credentials.get("client_id") or "",
            "X-IBM-Client-Secret": credentials.get("client_secret") or "",
            "X-Accept-RMG-Terms": "yes",
        },
    }


def parse_event(number: str, raw) -> ParsedEvent:
    """One Royal Mail event as a ParsedEvent."""
    raw = http.expect(raw, dict, "event object", "Royal Mail")
    with http.event_time("Royal Mail", number):
        moment, inferred = timezones.resolve(raw.get("eventDateTime"), ZONE)
    code = http.text(raw.get("eventCode"))
    return build(
        number,
        meaning_of(code),
        partner_code=code,
        description=http.text(raw.get("eventName")),
        occurred_at=moment,
        offset_inferred=inferred,
        location=http.text(raw.get("locationName")),
    )


def parse_body(data, number: str | None = None) -> TrackingResult:
    """A decoded Events answer (or error answer) as a TrackingResult."""
    data = http.expect(data, dict, "answer object", "Royal Mail")
    if "mailPieces" not in data:
        return _parse_error(data, number)
    piece = http.expect(data["mailPieces"], dict, "mailPieces object", "Royal Mail")
    summary = piece.get("summary") if isinstance(piece.get("summary"), dict) else {}
    tracked = (
        number
        or http.text(summary.get("oneDBarcode"))
        or http.text(piece.get("mailPieceId"))
    )
    if not tracked:
        raise MalformedResponse("Royal Mail answered without the mailPieceId.")
    tracked = s10.normalise(tracked)
    raw_events = http.expect(piece.get("events") or [], list, "events", "Royal Mail")
    return TrackingResult([parse_event(tracked, raw) for raw in raw_events])


def _parse_error(data: dict, number: str | None) -> TrackingResult:
    raw = data.get("errors")
    errors = [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []
    codes = {str(e.get("errorCode")) for e in errors}
    if number and codes & NOT_FOUND_CODES:
        return TrackingResult(not_found=[s10.normalise(number)])
    if not errors and "httpCode" not in data:
        raise MalformedResponse("Royal Mail answered without mailPieces or errors.")
    text = "; ".join(
        f"{e.get('errorCode')} {e.get('errorDescription') or ''}".strip()
        for e in errors
    ) or str(data.get("moreInformation") or data.get("httpMessage") or "no reason")
    raise BadRequest(f"Royal Mail refused the request: {text}")


class RoyalMailAdapter(Adapter):
    """Royal Mail, through Tracking API v2."""

    name = "royalmail"
    title = "Royal Mail"
    country = "GB"
    services = ("international_tracked", "international_signed", "special_delivery")
    batch_size = 1
    requests_per_minute = 60.0
    documentation = (
        "Royal Mail Tracking API v2, Events operation (developer.royalmail.net)"
    )
    credential_names = ("client_id", "client_secret")

    def accepts(self, tracking_number: str) -> bool:
        """Royal Mail tracks S10 numbers."""
        return s10.is_valid(tracking_number)

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask Royal Mail for the events of one item."""
        self.check_batch(numbers)
        number = s10.normalise(numbers[0])
        request = build_request(self.base_url, number, self.credentials)
        response = http.send("GET", partner=self.title, timeout=self.timeout, **request)
        http.check(response, self.title)
        return self.parse_tracking(response.content, number=number)

    def parse_tracking(self, body: bytes, number: str | None = None) -> TrackingResult:
        """A raw Events answer as events, or the number as not found."""
        return parse_body(http.load_json(body, self.title), number)


ADAPTER = RoyalMailAdapter
