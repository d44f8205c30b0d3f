"""PostNL: the Shipping Status API (version 2), one barcode a request.

Follows PostNL's developer documentation for the Shipping Status webservice
(developer.postnl.nl, "Shipping Status" API, ``GET /shipment/v2/status/barcode/
{barcode}``) and the status code list in its reference data ("T&T status
codes"), as also published in PostNL's e-commerce SDK documentation.

- Authentication: the ``apikey`` header.
- ``detail=true`` returns the current ``Status`` and the history in
  ``OldStatus``; each carries a shipment status ``Code`` (1-99) with its phase.
- ``TimeStamp`` is Dutch local time, ``dd-mm-yyyy HH:MM:SS``, without offset:
  it is read in Europe/Amsterdam and marked inferred.
- An unknown barcode answers 200 with no shipment and a warning (or 404).
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

from ovs.postal import s10
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners import http
from partners import localtime
from partners.base import Adapter
from partners.base import AuthenticationFailed
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.base import ParsedEvent
from partners.base import TrackingResult
from partners.codemap import NO_EVENT
from partners.codemap import Mapping
from partners.codemap import upu

# PostNL's documented shipment status codes and what each means for the item.
CODE_MAP: dict[str, Mapping] = {
    "1": NO_EVENT,  # Zending voorgemeld: data announced, nothing handed over yet
    "2": upu(E.POSTED),  # Zending in ontvangst genomen
    "3": upu(E.POSTED),  # Zending afgehaald (collected from the sender)
    "4": NO_EVENT,  # Zending niet afgehaald: collection from the sender failed
    "5": upu(E.INTO_SORTING_CENTRE),  # Zending gesorteerd
    "6": NO_EVENT,  # Zending niet gesorteerd: a sorting failure, no movement
    "7": upu(E.OUT_FOR_DELIVERY),  # Zending in distributieproces
    "8": upu(E.DELIVERY_ATTEMPTED),  # Zending niet afgeleverd (what next: see 12, 27)
    "9": upu(E.HELD_INWARD_OE),  # Zending bij douane (held at customs)
    "11": upu(E.DELIVERED),  # Zending afgeleverd
    "12": upu(E.AT_COLLECTION_POINT),  # Zending beschikbaar op afhaallocatie
    "13": NO_EVENT,  # Voorgemeld: nog niet aangenomen
    "14": NO_EVENT,  # Voorgemeld: definitief niet aangenomen
    "15": NO_EVENT,  # Manco collectie (missing at collection)
    "16": NO_EVENT,  # Manco sortering
    "17": NO_EVENT,  # Manco distributie
    "19": NO_EVENT,  # Zending afgekeurd (refused by PostNL)
    "20": upu(E.PRESENTED_IMPORT_CUSTOMS),  # Zending in inklaringsproces
    "21": upu(E.HELD_DELIVERY_OFFICE),  # Zending in voorraad
    "22": upu(E.DELIVERED),  # Zending afgehaald van postkantoor
    "23": upu(E.POSTED),  # Afhaalopdracht gecollecteerd
    "27": upu(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),  # Retour onbestelbaar
    "28": upu(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),  # Retour foutieve code
    "31": upu(E.DEPARTED_OUTWARD_OE),  # Klaar voor transport naar land bestemming
    "99": NO_EVENT,  # Niet van toepassing
}
# The shipment status codes of PostNL's T&T reference list, as published.
DOCUMENTED_STATUSES = (
    *("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    *("11", "12", "13", "14", "15", "16", "17", "19"),
    *("20", "21", "22", "23", "27", "28", "31", "99"),
)

TIMESTAMP = "%d-%m-%Y %H:%M:%S"
_BARCODE = re.compile(r"^3S[A-Z]{4}\d{7,15}$")


@dataclass(frozen=True)
class Status:
    """One entry of a shipment's status history, as PostNL sent it."""

    code: str
    description: str | None
    phase: str | None
    timestamp: str


def request_path(barcode: str) -> str:
    """The path and query for one barcode's full status history."""
    return f"/shipment/v2/status/barcode/{barcode}?detail=true&language=EN"


def parse_timestamp(text: str) -> dt.datetime:
    """A PostNL TimeStamp (Dutch local time) as an aware datetime."""
    local = dt.datetime.strptime(text.strip(), TIMESTAMP)
    return localtime.localise(local, localtime.zone_for("NL"))


def parse(body: bytes, requested: list[str] | None = None) -> TrackingResult:
    """Turn a Shipping Status answer into events; barcodes it lacks are not found."""
    document = _load(body)
    status = document.get("CompleteStatus") or document.get("CurrentStatus")
    if not isinstance(status, dict):
        raise MalformedResponse("PostNL's answer has no CompleteStatus.")
    shipments = status.get("Shipment") or []
    if isinstance(shipments, dict):
        shipments = [shipments]
    if not isinstance(shipments, list):
        raise MalformedResponse("PostNL's Shipment is neither a list nor an object.")
    events, seen = [], set()
    for shipment in shipments:
        barcode, history = _shipment(shipment)
        seen.add(barcode)
        events.extend(_event(barcode, entry) for entry in history)
    missing = [n for n in requested or [] if s10.normalise(n) not in seen]
    return TrackingResult(events=events, not_found=missing)


def _load(body: bytes) -> dict:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedResponse("PostNL's answer is not JSON.") from None
    if not isinstance(document, dict):
        raise MalformedResponse("PostNL's answer is not a JSON object.")
    return document


def _shipment(shipment) -> tuple[str, list[Status]]:
    if not isinstance(shipment, dict) or not shipment.get("Barcode"):
        raise MalformedResponse("A PostNL shipment has no Barcode.")
    raw = list(shipment.get("OldStatus") or [])
    if isinstance(shipment.get("Status"), dict):
        raw.append(shipment["Status"])
    history, keys = [], set()
    for entry in raw:
        status = _status(entry)
        if (status.code, status.timestamp) not in keys:
            keys.add((status.code, status.timestamp))
            history.append(status)
    return s10.normalise(shipment["Barcode"]), history


def _status(entry) -> Status:
    if not isinstance(entry, dict):
        raise MalformedResponse("A PostNL status entry is not an object.")
    code = entry.get("Code") or entry.get("StatusCode")
    stamp = entry.get("TimeStamp")
    if code is None or not stamp:
        raise MalformedResponse("A PostNL status has no Code or TimeStamp.")
    return Status(
        code=str(code).lstrip("0") or "0",
        description=entry.get("Description") or entry.get("StatusDescription"),
        phase=entry.get("PhaseCode"),
        timestamp=stamp,
    )


def _event(barcode: str, status: Status) -> ParsedEvent:
    mapping = CODE_MAP.get(status.code, NO_EVENT)
    try:
        occurred = parse_timestamp(status.timestamp)
    except ValueError:
        raise MalformedResponse(
            f"PostNL sent a TimeStamp that is not dd-mm-yyyy HH:MM:SS: "
            f"{status.timestamp!r}."
        ) from None
    return ParsedEvent(
        tracking_number=barcode,
        code=mapping.code,
        partner_code=status.code,
        description=status.description,
        occurred_at=occurred,
        country="NL",
        measure=mapping.measure,
        partner_event_id=f"{barcode}:{status.code}:{status.timestamp}",
        offset_inferred=True,
    )


def _error_message(body: bytes) -> str:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "no readable reason"
    if not isinstance(document, dict):
        return "no readable reason"
    fault = document.get("fault") or {}
    if isinstance(fault, dict) and fault.get("faultstring"):
        return str(fault["faultstring"])
    errors = document.get("Errors") or []
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("Description") or errors[0].get("Code"))
    return "no readable reason"


class PostNL(Adapter):
    """PostNL's Shipping Status API."""

    name = "postnl"
    title = "PostNL"
    country = "NL"
    services = ("registered", "tracked")
    batch_size = 1
    requests_per_minute = 60.0
    documentation = (
        "PostNL developer portal, Shipping Status webservice v2 "
        "(GET /shipment/v2/status/barcode/{barcode}) and T&T status codes"
    )

    def accepts(self, tracking_number: str) -> bool:
        """S10 numbers and PostNL's own 3S barcodes."""
        number = s10.normalise(tracking_number)
        return s10.is_valid(number) or bool(_BARCODE.match(number))

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask PostNL about one barcode."""
        self.check_batch(numbers)
        barcode = s10.normalise(numbers[0])
        response = http.send(
            "GET",
            self.base_url + request_path(barcode),
            partner=self.title,
            timeout=self.timeout,
            headers={
                "apikey": self.credentials.get("api_key", ""),
                "Accept": "application/json",
            },
        )
        if response.status_code == 404:
            return TrackingResult(not_found=[barcode])
        if response.status_code in (401, 403):
            raise AuthenticationFailed(
                f"PostNL refused our API key: {_error_message(response.content)}. "
                "Check the postnl api_key credential."
            )
        http.check(response, self.title)
        if response.status_code >= 400:
            raise BadRequest(
                f"PostNL refused the request (HTTP {response.status_code}): "
                f"{_error_message(response.content)}."
            )
        return parse(response.content, [barcode])

    def parse_tracking(self, body: bytes, requested: list[str] | None = None):
        """Turn one Shipping Status body into events."""
        return parse(body, requested)


ADAPTER = PostNL
