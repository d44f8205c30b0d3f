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
import re
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

# PostNL's documented shipment status codes and what each means for the item.
CODE_MAP: dict[str, Meaning] = {
    # Zending voorgemeld
    "1": unmapped("electronic pre-advice; nothing handed over yet"),
    "2": event(E.POSTED),  # Zending in ontvangst genomen
    "3": event(E.POSTED),  # Zending afgehaald (collected from the sender)
    # Zending niet afgehaald
    "4": unmapped("collection from the sender failed; the item did not move"),
    "5": event(E.INTO_SORTING_CENTRE),  # Zending gesorteerd
    # Zending niet gesorteerd
    "6": unmapped("a sorting failure, not a movement of the item"),
    "7": event(E.OUT_FOR_DELIVERY),  # Zending in distributieproces
    "8": event(E.DELIVERY_ATTEMPTED),  # Zending niet afgeleverd (what next: see 12, 27)
    "9": event(E.HELD_INWARD_OE),  # Zending bij douane (held at customs)
    "11": event(E.DELIVERED),  # Zending afgeleverd
    "12": event(E.AT_COLLECTION_POINT),  # Zending beschikbaar op afhaallocatie
    # Voorgemeld: nog niet aangenomen
    "13": unmapped("pre-advised but not yet accepted; nothing handed over yet"),
    # Voorgemeld: definitief niet aangenomen
    "14": unmapped("pre-advised and finally not accepted; nothing handed over"),
    # Manco collectie
    "15": unmapped("missing at collection: staff must act; not a movement"),
    # Manco sortering
    "16": unmapped("missing at sorting: staff must act; not a movement"),
    # Manco distributie
    "17": unmapped("missing in delivery: staff must act; not a movement"),
    # Zending afgekeurd
    "19": unmapped("refused by PostNL before carriage; the item did not move"),
    "20": event(E.PRESENTED_IMPORT_CUSTOMS),  # Zending in inklaringsproces
    "21": event(E.HELD_DELIVERY_OFFICE),  # Zending in voorraad
    "22": event(E.DELIVERED),  # Zending afgehaald van postkantoor
    "23": event(E.POSTED),  # Afhaalopdracht gecollecteerd
    "27": event(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),  # Retour onbestelbaar
    "28": event(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),  # Retour foutieve code
    "31": event(E.DEPARTED_OUTWARD_OE),  # Klaar voor transport naar land bestemming
    # Niet van toepassing
    "99": unmapped("PostNL's own 'not applicable' status"),
}
# The shipment status codes of PostNL's T&T reference list, as published.
DOCUMENTED_STATUSES = (
    *("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    *("11", "12", "13", "14", "15", "16", "17", "19"),
    *("20", "21", "22", "23", "27", "28", "31", "99"),
)

TIMESTAMP = "%d-%m-%Y %H:%M:%S"
ZONE = "Europe/Amsterdam"
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
    return timezones.localise(local, ZONE)


def parse(body: bytes, requested: list[str] | None = None) -> TrackingResult:
    """Turn a Shipping Status answer into events; barcodes it lacks are not found."""
    document = http.load_object(body, "PostNL")
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
    meaning = CODE_MAP.get(status.code, UNKNOWN)
    try:
        occurred = parse_timestamp(status.timestamp)
    except ValueError:
        raise MalformedResponse(
            f"PostNL sent a TimeStamp that is not dd-mm-yyyy HH:MM:SS: "
            f"{status.timestamp!r}."
        ) from None
    return build(
        barcode,
        meaning,
        partner_code=status.code,
        description=status.description,
        occurred_at=occurred,
        offset_inferred=True,
        country="NL",
        partner_event_id=f"{barcode}:{status.code}:{status.timestamp}",
    )


def _error_message(body: bytes) -> str:
    document = http.json_object(body) or {}
    fault = document.get("fault") or {}
    if isinstance(fault, dict) and fault.get("faultstring"):
        return str(fault["faultstring"])
    errors = document.get("Errors") or []
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("Description") or errors[0].get("Code"))
    return http.NO_REASON


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
        http.refuse(
            response,
            self.title,
            _error_message,
            refused="API key",
            fix="the postnl api_key credential",
        )
        return parse(response.content, [barcode])

    def parse_tracking(self, body: bytes, requested: list[str] | None = None):
        """Turn one Shipping Status body into events."""
        return parse(body, requested)


ADAPTER = PostNL
