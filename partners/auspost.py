"""Australia Post adapter: the Shipping and Tracking API's "Track items" call.

Follows Australia Post's Shipping and Tracking API documentation
(developers.auspost.com.au, "Track items" and "Reference: statuses"):

- ``GET <base>/shipping/v1/track?tracking_ids=ID1,ID2`` with at most 10 ids,
  headers ``Account-Number: <account_number>`` and ``Authorization: Basic
  base64(<api_key>:<password>)``. Australia Post sets each account's request
  quota and answers 429 beyond it; the partner's ``requests_per_minute``
  setting holds the agreed figure (default 30).
- The answer is ``{"tracking_results": [...]}``, one result per id: either
  ``{"tracking_id", "status", "trackable_items": [...]}`` or
  ``{"tracking_id", "errors": [{"code": "ESB-10001", "name": "Invalid
  tracking ID"}]}``. A trackable item is an article (``article_id``,
  ``product_type``, ``events``, ``status``) or a consignment holding
  ``items``. Each event has a ``description``, a ``date`` in ISO 8601 with
  its offset, and sometimes a ``location`` such as ``KEW VIC``.
- Request errors come as ``{"errors": [{"code", "name", "message"}]}`` (51101
  for more than 10 ids).

Australia Post events carry words, not codes: the words are matched against
the documented descriptions below, longest first. The item ``status`` values
of the "Reference: statuses" table summarise an item and make no events.
Times without an offset are read in the zone of the location's state, else
Sydney's, and marked ``offset_inferred``.
"""

import base64
import re

import pycountry

from ovs import logs
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners import http
from partners import timezones
from partners.base import Adapter
from partners.base import BadRequest
from partners.base import ParsedEvent
from partners.base import TrackingResult
from partners.codes import UNKNOWN
from partners.codes import Meaning
from partners.codes import build
from partners.codes import event
from partners.codes import unmapped

log = logs.get(__name__)

RTS = M.RETURN_TO_SENDER

# Event descriptions as Australia Post's documentation and published answers
# word them (for failed deliveries and returns, the status words of "Reference:
# statuses"), matched case-insensitively as a prefix of the event's words; the
# preferred wording of each UPU event comes first.
CODES: dict[str, Meaning] = {
    "Received by Australia Post": event(E.POSTED),
    "Received item from Sender": event(E.POSTED),
    "Arrived at facility": event(E.INTO_SORTING_CENTRE),
    "Item processed at facility": event(E.INTO_SORTING_CENTRE),
    "In transit to next facility": event(E.OUT_OF_SORTING_CENTRE),
    "Processed at Export Facility": event(E.ARRIVED_OUTWARD_OE),
    "Cleared and awaiting international departure": event(
        E.RETURNED_FROM_EXPORT_CUSTOMS
    ),
    "Processed by air carrier": event(E.DEPARTED_OUTWARD_OE),
    "Despatch Parcels from Export Facility": event(E.DEPARTED_OUTWARD_OE),
    "Arrived awaiting clearance": event(E.ARRIVED_INWARD_OE),
    "Arrived in": event(E.ARRIVED_INWARD_OE),
    "Item is in Customs": event(E.HANDED_TO_CUSTOMS),
    "Item cleared by Customs": event(E.RETURNED_FROM_CUSTOMS),
    "Onboard for delivery": event(E.OUT_FOR_DELIVERY),
    "Awaiting collection": event(E.AT_COLLECTION_POINT),
    "Attempted delivery": event(
        E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Attempted delivery, card left"
    ),
    "Unsuccessful delivery": event(E.DELIVERY_ATTEMPTED, M.RETRY, "Unsuccessful"),
    "Cannot be delivered": event(E.DELIVERY_ATTEMPTED, RTS, "Cannot be delivered"),
    "Returned to sender": event(E.DELIVERY_ATTEMPTED, RTS, "Returned to sender"),
    "Delivered": event(E.DELIVERED),
    "Shipping information received by Australia Post": unmapped(
        "electronic shipping information; the item is not yet posted"
    ),
    "Shipping information approved by Australia Post": unmapped(
        "electronic shipping information; the item is not yet posted"
    ),
    "Shipment information received": unmapped(
        "electronic shipping information; the item is not yet posted"
    ),
    "Leave in a safe place requested by Receiver": unmapped(
        "the addressee's delivery instruction, not a movement of the item"
    ),
    "Possible delay": unmapped("a warning, not a movement of the item"),
}

# Words that override a prefix: a return "Delivered to sender" is no delivery.
RETURN_WORDS = ("return to sender", "returned to sender", "delivered to sender")

# The item summary statuses of "Reference: statuses": none of them is an event.
ITEM_STATUSES = {
    status: unmapped("an item summary status; the events carry the history")
    for status in (
        "Created",
        "Sealed",
        "Initiated",
        "In transit",
        "Delivered",
        "Awaiting collection",
        "Possible delay",
        "Unsuccessful pickup",
        "Article damaged",
        "Cancelled",
        "Held by courier",
        "Cannot be delivered",
        "Track items for detailed delivery information",
    )
}

NOT_FOUND_CODES = {"ESB-10001", "ESB-10002"}
_BY_LENGTH = sorted(CODES, key=len, reverse=True)
_STATE = re.compile(r"\b(ACT|NSW|VIC|QLD|SA|WA|TAS|NT)$")
_BRACKETED = re.compile(r"\(([A-Z]{2})\)$")


def meaning_of(description: str | None) -> tuple[str | None, Meaning]:
    """The documented description an event's words start with, and its meaning."""
    words = (http.text(description) or "").lower()
    if any(phrase in words for phrase in RETURN_WORDS):
        return "Returned to sender", CODES["Returned to sender"]
    for documented in _BY_LENGTH:
        if words.startswith(documented.lower()):
            return documented, CODES[documented]
    return None, UNKNOWN


def build_request(base_url: str, numbers: list[str], credentials) -> dict:
    """The keyword arguments of the Track items GET."""
    pair = f"{credentials.get('api_key') or ''}:{credentials.get('password') or ''}"
    return {
        "url": f"{base_url}/shipping/v1/track",
        "params": {"tracking_ids": ",".join(numbers)},
        "headers": {
            "Accept": "application/json",
            "Account-Number": credentials.get("account_number") or "",
            "Authorization": "Basic " + base64.b64encode(pair.encode()).decode(),
        },
    }


def place_of(location: str | None) -> tuple[str | None, str | None]:
    """The country and Australian state a location such as ``KEW VIC`` names."""
    text = (http.text(location) or "").upper()
    if not text:
        return None, None
    state = _STATE.search(text)
    if state:
        return "AU", state.group(1)
    bracketed = _BRACKETED.search(text)
    candidates = [bracketed.group(1)] if bracketed else []
    candidates += [text, text.rsplit(",", 1)[-1].strip()]
    for candidate in candidates:
        try:
            return pycountry.countries.lookup(candidate).alpha_2, None
        except LookupError:
            continue
    return None, None


def parse_event(number: str, raw) -> ParsedEvent:
    """One Australia Post event as a ParsedEvent."""
    raw = http.expect(raw, dict, "event object", "Australia Post")
    description = http.text(raw.get("description"))
    documented, meaning = meaning_of(description)
    location = http.text(raw.get("location"))
    country, state = place_of(location)
    zone = timezones.zone_for(country or "AU", state)
    with http.event_time("Australia Post", number, "date"):
        moment, inferred = timezones.resolve(raw.get("date"), zone)
    return build(
        number,
        meaning,
        partner_code=documented or description,
        description=description,
        occurred_at=moment,
        offset_inferred=inferred,
        location=location,
        country=country,
    )


def articles(trackable_items: list) -> list[dict]:
    """The articles of a result, whether listed directly or inside consignments."""
    found = []
    for item in trackable_items:
        item = http.expect(item, dict, "trackable item", "Australia Post")
        if "items" in item:
            http.expect(item["items"], list, "consignment items", "Australia Post")
            found.extend(articles(item["items"]))
        else:
            found.append(item)
    return found


def parse_body(data) -> TrackingResult:
    """A decoded Track items answer as a TrackingResult."""
    data = http.expect(data, dict, "answer object", "Australia Post")
    if "tracking_results" not in data and data.get("errors"):
        raise BadRequest(f"Australia Post refused the request: {_errors_text(data)}")
    results = http.expect(
        data.get("tracking_results"), list, "tracking_results list", "Australia Post"
    )
    events, not_found = [], []
    for result in results:
        result = http.expect(result, dict, "tracking result", "Australia Post")
        tracking_id = (http.text(result.get("tracking_id")) or "").upper()
        if result.get("errors"):
            not_found.extend(_not_found(result, tracking_id))
            continue
        items = http.expect(
            result.get("trackable_items") or [],
            list,
            "trackable_items",
            "Australia Post",
        )
        for article in articles(items):
            number = (http.text(article.get("article_id")) or tracking_id).upper()
            raw_events = http.expect(
                article.get("events") or [], list, "events list", "Australia Post"
            )
            events.extend(parse_event(number, raw) for raw in raw_events)
    return TrackingResult(events, not_found)


def _not_found(result: dict, tracking_id: str) -> list[str]:
    # One refused id must not sink the other nine: any id-level error leaves
    # that id untracked, and the codes other than "unknown id" are logged.
    raw = result["errors"] if isinstance(result["errors"], list) else []
    codes = {str(e.get("code")) for e in raw if isinstance(e, dict)}
    if not codes & NOT_FOUND_CODES:
        log.warning("auspost.id_refused", codes=sorted(codes), errors=len(raw))
    return [tracking_id] if tracking_id else []


def _errors_text(data: dict) -> str:
    raw = data.get("errors")
    errors = [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []
    return (
        "; ".join(
            f"{e.get('code')} {e.get('message') or e.get('name') or ''}".strip()
            for e in errors
        )
        or "no reason given"
    )


class AusPostAdapter(Adapter):
    """Australia Post, through the Shipping and Tracking API."""

    name = "auspost"
    title = "Australia Post"
    country = "AU"
    services = ("international_standard", "international_express", "registered")
    batch_size = 10
    requests_per_minute = 30.0
    documentation = (
        "Australia Post Shipping and Tracking API: Track items, Reference: statuses "
        "(developers.auspost.com.au)"
    )
    credential_names = ("api_key", "password", "account_number")

    def accepts(self, tracking_number: str) -> bool:
        """Australia Post tracks S10 numbers and its own article ids."""
        value = tracking_number.strip().upper().replace(" ", "")
        return 10 <= len(value) <= 40 and value.isalnum()

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask Australia Post about up to 10 numbers."""
        self.check_batch(numbers)
        cleaned = [n.strip().upper().replace(" ", "") for n in numbers]
        request = build_request(self.base_url, cleaned, self.credentials)
        response = http.send("GET", partner=self.title, timeout=self.timeout, **request)
        http.check(response, self.title)
        if response.status_code >= 400:
            data = http.load_json(response.content, self.title)
            text = _errors_text(data) if isinstance(data, dict) else "no reason given"
            raise BadRequest(
                f"Australia Post refused the request (HTTP {response.status_code}): "
                f"{text}"
            )
        return self.parse_tracking(response.content)

    def parse_tracking(self, body: bytes) -> TrackingResult:
        """A raw Track items answer as events and numbers not found."""
        return parse_body(http.load_json(body, self.title))


ADAPTER = AusPostAdapter
