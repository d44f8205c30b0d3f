"""DHL: Shipment Tracking - Unified, one tracking number a request.

Follows DHL's developer portal documentation for the Shipment Tracking -
Unified API (developer.dhl.com, OpenAPI "dpdhl tracking unified"):
``GET /track/shipments?trackingNumber=...`` with the ``DHL-API-Key`` header.
The answer is ``{"shipments": [...]}``; each shipment has an ``id`` and
``events``, each event a ``timestamp``, a ``location.address`` and the
documented ``statusCode`` (``pre-transit``, ``transit``, ``delivered``,
``failure``, ``unknown``) with a ``status`` title and a ``description``.
Errors are RFC 7807 problem documents (``title``, ``status``, ``detail``); an
unknown number answers 404.

``statusCode`` is coarse, so ``transit`` and ``failure`` events are refined by
the words of their description; one that matches nothing keeps code None
rather than being called "in transit". Timestamps carry an offset or ``Z``
when DHL knows it; a bare one is read in the zone of the event's country,
and refused when that country is unknown.
"""

from dataclasses import dataclass

from ovs.postal import s10
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners import http
from partners import timezones
from partners.base import Adapter
from partners.base import MalformedResponse
from partners.base import ParsedEvent
from partners.base import TrackingResult
from partners.codes import UNKNOWN
from partners.codes import Meaning
from partners.codes import build
from partners.codes import event
from partners.codes import unmapped

# statusCode -> (words in the description that pick an event, in order) and the
# meaning when none of them match.
CODE_MAP: dict[str, tuple[tuple[tuple[str, ...], Meaning], ...]] = {
    "pre-transit": (
        (("posted", "dropped off", "picked up"), event(E.POSTED)),
        ((), unmapped("electronic shipping information; the item is not yet posted")),
    ),
    "transit": (
        (
            ("released by customs", "customs clearance completed"),
            event(E.RETURNED_FROM_CUSTOMS),
        ),
        (("held by customs",), event(E.HELD_INWARD_OE)),
        (("customs",), event(E.PRESENTED_IMPORT_CUSTOMS)),
        (
            ("out for delivery", "loaded onto the delivery vehicle"),
            event(E.OUT_FOR_DELIVERY),
        ),
        (
            ("arrived at the delivery", "delivery base"),
            event(E.ARRIVED_DELIVERY_OFFICE),
        ),
        (
            ("left the country", "departed from the country of origin"),
            event(E.DEPARTED_OUTWARD_OE),
        ),
        (("arrived in the destination country",), event(E.ARRIVED_INWARD_OE)),
        (("ready for pickup", "can be picked up"), event(E.AT_COLLECTION_POINT)),
        (("posted", "accepted", "dropped off", "picked up"), event(E.POSTED)),
        (("parcel center", "sorting", "processed"), event(E.INTO_SORTING_CENTRE)),
        ((), unmapped("transit words that name no step OVS knows")),
    ),
    "delivered": (((), event(E.DELIVERED)),),
    "failure": (
        (
            ("returned to sender", "return to sender", "being returned"),
            event(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),
        ),
        (
            ("notification card", "retail outlet", "post office", "collect"),
            event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION),
        ),
        (
            ("attempt", "not be delivered", "could not"),
            event(E.DELIVERY_ATTEMPTED, M.RETRY),
        ),
        ((), unmapped("failure words that name no delivery outcome OVS knows")),
    ),
    "unknown": (((), unmapped("DHL itself does not know the status")),),
}
DOCUMENTED_STATUSES = ("pre-transit", "transit", "delivered", "failure", "unknown")


@dataclass(frozen=True)
class DhlEvent:
    """One shipment event as DHL sent it."""

    timestamp: str
    status_code: str
    status: str | None
    description: str | None
    remark: str | None
    locality: str | None
    country: str | None


def request_path(number: str) -> str:
    """The path and query for one tracking number."""
    return f"/track/shipments?trackingNumber={number}&language=en"


def mapping_for(status_code: str, text: str) -> Meaning:
    """The meaning of a statusCode, refined by the event's words."""
    words = text.lower()
    for needles, meaning in CODE_MAP.get(status_code, ()):
        if not needles or any(n in words for n in needles):
            return meaning
    return UNKNOWN


def parse(body: bytes, requested: list[str] | None = None) -> TrackingResult:
    """Turn a shipments document into events; missing numbers are not found."""
    document = http.load_object(body, "DHL")
    if "shipments" not in document:
        if document.get("status") == 404:
            return TrackingResult(not_found=[s10.normalise(n) for n in requested or []])
        raise MalformedResponse("DHL's answer has no shipments.")
    shipments = document["shipments"]
    if not isinstance(shipments, list):
        raise MalformedResponse("DHL's shipments is not a list.")
    events, seen = [], set()
    for shipment in shipments:
        if not isinstance(shipment, dict) or not shipment.get("id"):
            raise MalformedResponse("A DHL shipment has no id.")
        number = s10.normalise(str(shipment["id"]))
        seen.add(number)
        raw = shipment.get("events") or []
        if not isinstance(raw, list):
            raise MalformedResponse("A DHL shipment's events is not a list.")
        events.extend(_event(number, _record(e)) for e in raw)
    missing = [
        s10.normalise(n) for n in requested or [] if s10.normalise(n) not in seen
    ]
    return TrackingResult(events=events, not_found=missing)


def problem_text(body: bytes) -> str:
    """The title and detail of a DHL problem document, for an error message."""
    document = http.json_object(body) or {}
    parts = [str(document[k]) for k in ("title", "detail") if document.get(k)]
    # The detail ends a sentence of its own; the caller ends ours.
    return ": ".join(parts).rstrip(".") or http.NO_REASON


def _record(raw) -> DhlEvent:
    if not isinstance(raw, dict) or not raw.get("timestamp"):
        raise MalformedResponse("A DHL event has no timestamp.")
    address = ((raw.get("location") or {}).get("address")) or {}
    if not isinstance(address, dict):
        raise MalformedResponse("A DHL event's location address is not an object.")
    return DhlEvent(
        timestamp=str(raw["timestamp"]),
        status_code=str(raw.get("statusCode") or "unknown"),
        status=raw.get("status"),
        description=raw.get("description"),
        remark=raw.get("remark"),
        locality=address.get("addressLocality"),
        country=(address.get("countryCode") or None),
    )


def _event(number: str, e: DhlEvent) -> ParsedEvent:
    text = " ".join(p for p in (e.status, e.description) if p)
    meaning = mapping_for(e.status_code, text)
    zone = timezones.zone_for(e.country or "DE")
    with http.event_time("DHL", number, "timestamp"):
        when, inferred = timezones.resolve(e.timestamp, zone)
    partner_code = e.status_code if not e.status else f"{e.status_code}/{e.status}"
    return build(
        number,
        meaning,
        partner_code=partner_code[:64],
        description=e.description or e.status,
        occurred_at=when,
        offset_inferred=inferred,
        location=e.locality,
        country=e.country,
        reason=e.remark,
        partner_event_id=f"{number}:{e.status_code}:{e.timestamp}",
    )


class Dhl(Adapter):
    """DHL's Shipment Tracking - Unified API."""

    name = "dhl"
    title = "DHL"
    country = "DE"
    services = ("registered", "tracked", "parcel")
    batch_size = 1
    # The default subscription allows one call every five seconds.
    requests_per_minute = 12.0
    documentation = (
        "DHL developer portal, Shipment Tracking - Unified API "
        "(GET /track/shipments, DHL-API-Key header)"
    )

    def accepts(self, tracking_number: str) -> bool:
        """S10 numbers and DHL's own numeric and alphanumeric shipment numbers."""
        number = s10.normalise(tracking_number)
        return s10.is_valid(number) or (number.isalnum() and 10 <= len(number) <= 39)

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask DHL about one tracking number."""
        self.check_batch(numbers)
        number = s10.normalise(numbers[0])
        response = http.send(
            "GET",
            self.base_url + request_path(number),
            partner=self.title,
            timeout=self.timeout,
            headers={
                "DHL-API-Key": self.credentials.get("api_key", ""),
                "Accept": "application/json",
            },
        )
        if response.status_code == 404:
            return TrackingResult(not_found=[number])
        http.refuse(
            response,
            self.title,
            problem_text,
            refused="API key",
            fix="the dhl api_key credential",
        )
        return parse(response.content, [number])

    def parse_tracking(self, body: bytes, requested: list[str] | None = None):
        """Turn one shipments body into events."""
        return parse(body, requested)


ADAPTER = Dhl
