"""Pos Malaysia: the corporate tracking event list, several numbers a request.

Follows Pos Malaysia's API gateway for corporate customers (api.pos.com.my,
documented on api-doc.pos.com.my): ``GET /as2corporate/tracking-event-list/v1/
api/TrackingEventList`` with the tracking numbers in ``id`` (comma separated)
and a bearer token issued to the customer's subscription. The answer lists
events under ``data``, each with ``connote_id``, ``date`` (Malaysian local time,
``YYYY-MM-DD HH:MM:SS``), ``process`` (the event text shown on Pos Malaysia's
public tracking page), ``process_summary`` and ``office``. Numbers with no
events are simply absent. Errors carry a ``message``.

Pos Malaysia codes its events by their ``process`` text, so the code map is
keyed on those texts (compared without case). Times without an offset are read
in Asia/Kuala_Lumpur (Asia/Kuching for offices in Sabah and Sarawak) and marked
inferred.
"""

import datetime as dt
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

CODE_MAP: dict[str, Meaning] = {
    "shipment information received": unmapped(
        "electronic shipping information; the item is not yet posted"
    ),
    "item posted over the counter": event(E.POSTED),
    "item picked up by courier": event(E.POSTED),
    "item processed at mail processing centre": event(E.INTO_SORTING_CENTRE),
    "item dispatched out": event(E.OUT_OF_SORTING_CENTRE),
    "item dispatched to overseas": event(E.DEPARTED_OUTWARD_OE),
    "item received from overseas": event(E.ARRIVED_INWARD_OE),
    "item presented to customs": event(E.PRESENTED_IMPORT_CUSTOMS),
    "item held by customs": event(E.HELD_INWARD_OE),
    "item released by customs": event(E.RETURNED_FROM_CUSTOMS),
    "item arrived at delivery office": event(E.ARRIVED_DELIVERY_OFFICE),
    "item out for delivery": event(E.OUT_FOR_DELIVERY),
    "delivery unsuccessful, will re-attempt": event(E.DELIVERY_ATTEMPTED, M.RETRY),
    "delivery unsuccessful, notice card left": event(
        E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION
    ),
    "item ready for collection at post office": event(E.AT_COLLECTION_POINT),
    "item returned to sender": event(E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER),
    "item delivered": event(E.DELIVERED),
    "item collected by addressee": event(E.DELIVERED),
}
# The event texts Pos Malaysia shows for registered, tracked and EMS items.
DOCUMENTED_STATUSES = (
    "Shipment information received",
    "Item posted over the counter",
    "Item picked up by courier",
    "Item processed at mail processing centre",
    "Item dispatched out",
    "Item dispatched to overseas",
    "Item received from overseas",
    "Item presented to customs",
    "Item held by customs",
    "Item released by customs",
    "Item arrived at delivery office",
    "Item out for delivery",
    "Delivery unsuccessful, will re-attempt",
    "Delivery unsuccessful, notice card left",
    "Item ready for collection at post office",
    "Item returned to sender",
    "Item delivered",
    "Item collected by addressee",
)

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
EAST_MALAYSIA = ("SABAH", "SARAWAK", "KOTA KINABALU", "KUCHING", "MIRI", "SANDAKAN")


@dataclass(frozen=True)
class PosEvent:
    """One entry of the tracking event list, as Pos Malaysia sent it."""

    connote_id: str
    date: str
    process: str
    summary: str | None
    office: str | None


def request_path(numbers: list[str]) -> str:
    """The path and query for a batch of numbers."""
    return "/as2corporate/tracking-event-list/v1/api/TrackingEventList?id=" + ",".join(
        numbers
    )


def occurred_at(text: str, office: str | None) -> tuple[dt.datetime, bool]:
    """The instant of an event; a bare local time takes the office's zone."""
    text = text.strip()
    try:
        local = dt.datetime.strptime(text, TIMESTAMP)
    except ValueError:
        return timezones.resolve(text, timezones.zone_for("MY"))
    upper = (office or "").upper()
    region = "SABAH" if any(word in upper for word in EAST_MALAYSIA) else None
    return timezones.localise(local, timezones.zone_for("MY", region)), True


def parse(body: bytes, requested: list[str] | None = None) -> TrackingResult:
    """Turn a tracking event list into events; absent numbers are not found."""
    document = http.load_object(body, "Pos Malaysia")
    rows = document.get("data")
    if rows is None:
        raise MalformedResponse("Pos Malaysia's answer has no data.")
    if not isinstance(rows, list):
        raise MalformedResponse("Pos Malaysia's data is not a list.")
    events = [_event(_record(row)) for row in rows]
    seen = {e.tracking_number for e in events}
    missing = [
        s10.normalise(n) for n in requested or [] if s10.normalise(n) not in seen
    ]
    return TrackingResult(events=events, not_found=missing)


def message_of(body: bytes) -> str:
    """The message of an error answer, for an error message."""
    document = http.json_object(body) or {}
    if document.get("message"):
        return str(document["message"]).rstrip(".")
    return http.NO_REASON


def _record(row) -> PosEvent:
    if not isinstance(row, dict):
        raise MalformedResponse("A Pos Malaysia event is not an object.")
    missing = [k for k in ("connote_id", "date", "process") if not row.get(k)]
    if missing:
        raise MalformedResponse(f"A Pos Malaysia event lacks {', '.join(missing)}.")
    return PosEvent(
        connote_id=s10.normalise(str(row["connote_id"])),
        date=str(row["date"]),
        process=str(row["process"]).strip(),
        summary=row.get("process_summary") or None,
        office=row.get("office") or None,
    )


def _event(e: PosEvent) -> ParsedEvent:
    meaning = CODE_MAP.get(e.process.casefold(), UNKNOWN)
    try:
        when, inferred = occurred_at(e.date, e.office)
    except (ValueError, OverflowError):
        raise MalformedResponse(
            f"Pos Malaysia sent a date that cannot be read: {e.date!r}."
        ) from None
    return build(
        e.connote_id,
        meaning,
        partner_code=e.process[:64],
        description=e.process,
        occurred_at=when,
        offset_inferred=inferred,
        location=e.office,
        country="MY",
        reason=e.summary,
        partner_event_id=f"{e.connote_id}:{e.date}:{e.process}"[:128],
    )


class PosMalaysia(Adapter):
    """Pos Malaysia's corporate tracking event list."""

    name = "posmalaysia"
    title = "Pos Malaysia"
    country = "MY"
    services = ("registered", "tracked", "ems")
    batch_size = 20
    requests_per_minute = 60.0
    documentation = (
        "Pos Malaysia API gateway for corporate customers, tracking event list "
        "(GET /as2corporate/tracking-event-list/v1/api/TrackingEventList)"
    )

    def accepts(self, tracking_number: str) -> bool:
        """S10 numbers (Pos Malaysia and Pos Laju both track in S10)."""
        return s10.is_valid(tracking_number)

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask Pos Malaysia about up to 20 numbers at once."""
        self.check_batch(numbers)
        wanted = [s10.normalise(n) for n in numbers]
        response = http.send(
            "GET",
            self.base_url + request_path(wanted),
            partner=self.title,
            timeout=self.timeout,
            headers={
                "Authorization": f"Bearer {self.credentials.get('token', '')}",
                "Accept": "application/json",
            },
        )
        if response.status_code == 404:
            return TrackingResult(not_found=wanted)
        http.refuse(
            response,
            self.title,
            message_of,
            refused="token",
            fix="the posmalaysia token credential",
        )
        return parse(response.content, wanted)

    def parse_tracking(self, body: bytes, requested: list[str] | None = None):
        """Turn one tracking event list into events."""
        return parse(body, requested)


ADAPTER = PosMalaysia
