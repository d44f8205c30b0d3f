"""UPU-standard adapter: any post that reports tracking in UPU event codes.

Follows the UPU's EMSEVT event vocabulary (the EMA..EMK, EDA..EDH and EXA..EXX
item events of UPU Standard M40 and the EMSEVT EDI message) with times in
ISO 8601 carrying the local UTC offset, as UPU tracking exchanges report them.
The query format is OVS's own UPU-style JSON, the one the partner sandbox
serves at ``/upu``::

    GET <base>/v1/items?ids=RR123456785SA,RR000000005SA
    X-Api-Key: <api_key>

    200 {"items": [{"itemId": "RR123456785SA",
                    "events": [{"id": "...", "code": "EMA",
                                "time": "2026-02-01T09:30:00+03:00",
                                "location": "Riyadh", "country": "SA",
                                "office": "SARUHA", "description": "Posted",
                                "reason": null, "measure": null}]}],
         "notFound": ["RR000000005SA"]}
    400/401/429 {"error": {"code": "...", "message": "..."}}

At most 50 numbers a request. ``measure`` names what the post does after an
unsuccessful delivery (``retry``, ``held_for_collection``,
``return_to_sender``, ``forwarded``). The post's country comes from the
adapter settings (``country``) and stands in for events that name none.
Callbacks use OVS's generic signed callback format: ``verify_callback`` and
``parse_callback`` come from ``partners.callbacks.GenericCallbacks``.
"""

from ovs.postal import s10
from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from ovs.postal.events import parse_code
from partners import http
from partners import timezones
from partners.base import Adapter
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.base import ParsedEvent
from partners.base import TrackingResult
from partners.callbacks import GenericCallbacks
from partners.codes import MISSION_ONLY
from partners.codes import UNKNOWN
from partners.codes import Meaning
from partners.codes import build

# Every UPU event code is its own meaning; OVS's mission-only codes are not.
CODES: dict[str, Meaning] = {
    code.value: Meaning(code) for code in EventCode if code not in MISSION_ONLY
}


def meaning_of(code_text: str | None, measure_text: str | None) -> Meaning:
    """The meaning of a UPU code and measure as a post sent them."""
    code = parse_code(code_text)
    if code is None or code in MISSION_ONLY:
        return UNKNOWN
    measure = None
    if code == EventCode.DELIVERY_ATTEMPTED and measure_text:
        try:
            measure = Measure(measure_text.strip().lower())
        except ValueError:
            measure = None
    return Meaning(code, measure)


def build_request(base_url: str, numbers: list[str], api_key: str | None) -> dict:
    """The keyword arguments of the GET request for these numbers."""
    headers = {"Accept": "application/json"}
    if api_key:
        headers["X-Api-Key"] = api_key
    return {
        "url": f"{base_url}/v1/items",
        "params": {"ids": ",".join(numbers)},
        "headers": headers,
    }


def parse_event(number: str, raw: dict, country: str | None) -> ParsedEvent:
    """One UPU event object as a ParsedEvent."""
    raw = http.expect(raw, dict, "event object", "UPU post")
    event_country = (http.text(raw.get("country")) or country or "").upper() or None
    zone = timezones.zone_for(event_country)
    with http.event_time("UPU post", number):
        occurred, inferred = timezones.resolve(raw.get("time"), zone)
    code = http.text(raw.get("code"))
    return build(
        number,
        meaning_of(code, http.text(raw.get("measure"))),
        partner_code=code,
        description=http.text(raw.get("description")),
        occurred_at=occurred,
        offset_inferred=inferred,
        location=http.text(raw.get("location")) or http.text(raw.get("office")),
        country=event_country,
        reason=http.text(raw.get("reason")),
        partner_event_id=http.text(raw.get("id")),
    )


def parse_body(data, country: str | None) -> TrackingResult:
    """A decoded UPU tracking answer as a TrackingResult."""
    data = http.expect(data, dict, "answer object", "UPU post")
    if "error" in data:
        raise BadRequest(f"UPU post refused the query: {_error_text(data)}")
    items = http.expect(data.get("items", []), list, "items list", "UPU post")
    events = []
    for item in items:
        item = http.expect(item, dict, "item object", "UPU post")
        number = s10.normalise(http.text(item.get("itemId")) or "")
        if not number:
            raise MalformedResponse("UPU post sent an item without its itemId.")
        raw_events = http.expect(
            item.get("events", []), list, "events list", "UPU post"
        )
        events.extend(parse_event(number, raw, country) for raw in raw_events)
    not_found = http.expect(data.get("notFound", []), list, "notFound list", "UPU post")
    return TrackingResult(
        events, [s10.normalise(n) for n in map(http.text, not_found) if n]
    )


def _error_text(data: dict) -> str:
    error = data.get("error")
    if isinstance(error, dict):
        return (
            http.text(error.get("message"))
            or http.text(error.get("code"))
            or "no reason given"
        )
    return "no reason given"


class UpuAdapter(GenericCallbacks, Adapter):
    """A UPU member post answering UPU-style tracking queries."""

    name = "upu"
    title = "UPU-standard post"
    services = ("registered", "tracked", "ems")
    batch_size = 50
    requests_per_minute = 60.0
    documentation = (
        "UPU EMSEVT item event codes (UPU Standard M40); OVS UPU-style JSON query"
    )
    credential_names = ("api_key",)

    def __init__(self, base_url, credentials=None, settings=None, timeout=10.0):
        super().__init__(base_url, credentials, settings, timeout)
        self.country = (self.settings.get("country") or "").upper() or None

    def accepts(self, tracking_number: str) -> bool:
        """UPU posts track S10 numbers."""
        return s10.is_valid(tracking_number)

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask the post about up to 50 numbers."""
        self.check_batch(numbers)
        request = build_request(
            self.base_url,
            [s10.normalise(n) for n in numbers],
            self.credentials.get("api_key"),
        )
        response = http.send("GET", partner=self.title, timeout=self.timeout, **request)
        http.check(response, self.title)
        if response.status_code >= 400:
            data = http.load_json(response.content, self.title)
            message = _error_text(data) if isinstance(data, dict) else "no reason"
            raise BadRequest(
                f"{self.title} refused the query (HTTP {response.status_code}): "
                f"{message}"
            )
        return self.parse_tracking(response.content)

    def parse_tracking(self, body: bytes) -> TrackingResult:
        """A raw UPU tracking answer as events and numbers not found."""
        return parse_body(http.load_json(body, self.title), self.country)


ADAPTER = UpuAdapter
