"""USPS adapter: the USPS Tracking API v3 (JSON, OAuth 2.0 client credentials).

Follows the USPS developer portal's Tracking 3.0 API (developers.usps.com,
"Tracking 3.0"), and for event codes USPS Publication 199 (IMpb
Implementation Guide) Appendix G, the domestic scan event list the API's
``eventCode`` refers to:

- ``POST <base>/oauth2/v3/token`` with ``grant_type=client_credentials``,
  ``client_id`` and ``client_secret`` gives a bearer ``access_token`` and its
  ``expires_in`` seconds.
- ``GET <base>/tracking/v3/tracking/{trackingNumber}?expand=DETAIL`` with
  ``Authorization: Bearer <token>``: one number a request. The answer carries
  ``trackingEvents``, newest first, each with ``eventType``, ``eventCode``,
  ``eventTimestamp`` (local wall-clock time), ``GMTTimestamp`` (the instant in
  GMT), ``GMTOffset`` (the local offset), ``eventCity``, ``eventState``,
  ``eventZIPCode`` and ``eventCountry``.
- Errors come as ``{"apiVersion": ..., "error": {"code", "message", "errors":
  [{"code", "title", "detail"}]}}``: 400 bad request, 401/403 credentials,
  404 tracking number not found, 429 too many requests, 503 unavailable.

USPS sets each app's request quota when it registers the app and answers 429
beyond it; the partner's ``requests_per_minute`` setting holds the granted
figure (default 60).

Times: the instant is ``GMTTimestamp``, shown at ``GMTOffset``; without
``GMTOffset`` the offset is taken from the event's state (``offset_inferred``).
"""

import datetime as dt
import time

import pycountry

from ovs import logs
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

log = logs.get(__name__)

RTS = M.RETURN_TO_SENDER

# Publication 199 Appendix G event codes, the preferred code of each UPU event
# first (the sandbox renders UPU events back through this order).
CODES: dict[str, Meaning] = {
    "03": event(E.POSTED),
    "TM": event(E.POSTED),
    "PA": event(E.POSTED),
    "10": event(E.INTO_SORTING_CENTRE),
    "19": event(E.INTO_SORTING_CENTRE),
    "41": event(E.INTO_SORTING_CENTRE),
    "81": event(E.INTO_SORTING_CENTRE),
    "EF": event(E.OUT_OF_SORTING_CENTRE),
    "SF": event(E.OUT_OF_SORTING_CENTRE),
    "82": event(E.OUT_OF_SORTING_CENTRE),
    "07": event(E.ARRIVED_DELIVERY_OFFICE),
    "PC": event(E.ARRIVED_DELIVERY_OFFICE),
    "OF": event(E.OUT_FOR_DELIVERY),
    "16": event(E.AT_COLLECTION_POINT),
    "14": event(E.AT_COLLECTION_POINT),
    "01": event(E.DELIVERED),
    "17": event(E.DELIVERED),
    "43": event(E.DELIVERED),
    "30": event(E.DELIVERY_ATTEMPTED, M.RETRY, "No access to delivery location"),
    "71": event(E.DELIVERY_ATTEMPTED, M.RETRY, "Rescheduled to next delivery day"),
    "51": event(E.DELIVERY_ATTEMPTED, M.RETRY, "Business closed"),
    "02": event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Notice left"),
    "52": event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Notice left"),
    "53": event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Receptacle blocked"),
    "54": event(E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "Receptacle full"),
    "55": event(
        E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION, "No secure location available"
    ),
    "56": event(
        E.DELIVERY_ATTEMPTED,
        M.HELD_FOR_COLLECTION,
        "No authorized recipient available",
    ),
    "09": event(E.DELIVERY_ATTEMPTED, RTS, "Return to sender"),
    "04": event(E.DELIVERY_ATTEMPTED, RTS, "Refused"),
    "05": event(E.DELIVERY_ATTEMPTED, RTS, "Undeliverable as addressed"),
    "21": event(E.DELIVERY_ATTEMPTED, RTS, "No such number"),
    "22": event(E.DELIVERY_ATTEMPTED, RTS, "Insufficient address"),
    "23": event(E.DELIVERY_ATTEMPTED, RTS, "Moved, left no address"),
    "24": event(E.DELIVERY_ATTEMPTED, RTS, "Forward expired"),
    "25": event(E.DELIVERY_ATTEMPTED, RTS, "Addressee unknown"),
    "26": event(E.DELIVERY_ATTEMPTED, RTS, "Vacant"),
    "27": event(E.DELIVERY_ATTEMPTED, RTS, "Unclaimed"),
    "28": event(E.DELIVERY_ATTEMPTED, RTS, "Deceased"),
    "29": event(E.DELIVERY_ATTEMPTED, RTS, "Other"),
    "31": event(E.DELIVERY_ATTEMPTED, RTS, "Not picked up"),
    "44": event(E.DELIVERY_ATTEMPTED, RTS, "Recalled by the sender"),
    "06": event(E.DELIVERY_ATTEMPTED, M.FORWARDED, "Forwarded"),
    "MA": unmapped("electronic shipping information; the item is not yet posted"),
    "80": unmapped("picked up by a shipping partner before USPS accepts the item"),
    "42": unmapped("handed to a shipping partner, whose own events follow"),
    "08": unmapped("missent: a routing error, not a step toward the addressee"),
    "15": unmapped("mis-shipped: a routing error, not a step toward the addressee"),
    "11": unmapped("dead letter: neither delivered nor returned; staff must act"),
    "DX": unmapped("a notice that no delivery scan arrived, not a scan itself"),
}

NOT_FOUND_WORDS = ("could not locate", "not found", "not yet available")


def meaning_of(code: str | None) -> Meaning:
    """The meaning of a Publication 199 event code."""
    return CODES.get((code or "").strip().upper(), UNKNOWN)


def token_request(base_url: str, client_id: str, client_secret: str) -> dict:
    """The keyword arguments of the OAuth client-credentials token request."""
    return {
        "url": f"{base_url}/oauth2/v3/token",
        "json": {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        },
        "headers": {"Accept": "application/json"},
    }


def tracking_request(base_url: str, number: str, token: str) -> dict:
    """The keyword arguments of the tracking GET for one number."""
    return {
        "url": f"{base_url}/tracking/v3/tracking/{number}",
        "params": {"expand": "DETAIL"},
        "headers": {"Accept": "application/json", "Authorization": f"Bearer {token}"},
    }


def parse_token(data) -> tuple[str, float]:
    """The access token and its lifetime in seconds from a token answer."""
    data = http.expect(data, dict, "token object", "USPS")
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise MalformedResponse("USPS answered the token request without a token.")
    try:
        lifetime = float(data.get("expires_in") or 0)
    except (TypeError, ValueError):
        lifetime = 0.0
    return token, lifetime


def country_of(raw: dict) -> str | None:
    """The ISO country of a USPS event: named, or the US for a US state."""
    named = http.text(raw.get("eventCountry"))
    if named:
        try:
            return pycountry.countries.lookup(named).alpha_2
        except LookupError:
            return None
    state = (http.text(raw.get("eventState")) or "").upper()
    return "US" if state in timezones.US_STATE_ZONES else None


def occurred_at(raw: dict, country: str | None):
    """The event's aware time and whether its offset was inferred."""
    moment, inferred = _occurred_at(raw, country)
    return timezones.plausible(moment), inferred


def _occurred_at(raw: dict, country: str | None):
    zone = timezones.zone_for(country or "US", http.text(raw.get("eventState")))
    offset_text = http.text(raw.get("GMTOffset"))
    gmt_text = http.text(raw.get("GMTTimestamp"))
    local_text = http.text(raw.get("eventTimestamp"))
    if gmt_text:
        instant = timezones.parse_iso(gmt_text)
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=dt.UTC)
        if offset_text:
            return instant.astimezone(timezones.parse_offset(offset_text)), False
        if not zone:
            raise ValueError("no GMTOffset and no known place")
        return timezones.in_zone(instant, zone), True
    if offset_text:
        wall = timezones.parse_iso(local_text).replace(tzinfo=None)
        return timezones.with_offset(wall, offset_text), False
    return timezones.resolve(local_text, zone)


def location_of(raw: dict) -> str | None:
    """``CITY, ST ZIP`` as USPS names the place of an event."""
    city = http.text(raw.get("eventCity")) or ""
    state = http.text(raw.get("eventState")) or ""
    zip_code = http.text(raw.get("eventZIPCode")) or ""
    place = ", ".join(part for part in (city, state) if part)
    return " ".join(part for part in (place, zip_code) if part) or None


def parse_event(number: str, raw) -> ParsedEvent:
    """One USPS tracking event as a ParsedEvent."""
    raw = http.expect(raw, dict, "tracking event object", "USPS")
    country = country_of(raw)
    with http.event_time("USPS", number):
        moment, inferred = occurred_at(raw, country)
    code = http.text(raw.get("eventCode"))
    return build(
        number,
        meaning_of(code),
        partner_code=code,
        description=http.text(raw.get("eventType")),
        occurred_at=moment,
        offset_inferred=inferred,
        location=location_of(raw),
        country=country,
    )


def parse_body(data, number: str | None = None) -> TrackingResult:
    """A decoded USPS tracking answer (or error answer) as a TrackingResult."""
    data = http.expect(data, dict, "answer object", "USPS")
    if "error" in data:
        return _parse_error(data, number)
    tracked = (http.text(data.get("trackingNumber")) or number or "").upper()
    if not tracked:
        raise MalformedResponse("USPS answered without the trackingNumber.")
    raw_events = http.expect(
        data.get("trackingEvents", []), list, "trackingEvents list", "USPS"
    )
    return TrackingResult([parse_event(tracked, raw) for raw in raw_events])


def _parse_error(data: dict, number: str | None) -> TrackingResult:
    error = data.get("error")
    error = error if isinstance(error, dict) else {}
    message = http.text(error.get("message")) or "no reason given"
    code = http.text(error.get("code")) or ""
    tracked = (http.text(data.get("trackingNumber")) or number or "").upper()
    if tracked and (code == "404" or _says_not_found(message)):
        return TrackingResult(not_found=[tracked])
    raise BadRequest(f"USPS refused the tracking request: {message}")


def _says_not_found(message: str) -> bool:
    lowered = message.lower()
    return any(words in lowered for words in NOT_FOUND_WORDS)


class UspsAdapter(Adapter):
    """The United States Postal Service, through Tracking API v3."""

    name = "usps"
    title = "USPS"
    country = "US"
    services = ("first_class_international", "priority_mail", "registered")
    batch_size = 1
    requests_per_minute = 60.0
    documentation = (
        "USPS Tracking 3.0 API (developers.usps.com); USPS Publication 199 "
        "Appendix G event codes"
    )
    credential_names = ("client_id", "client_secret")

    def __init__(self, base_url, credentials=None, settings=None, timeout=10.0):
        super().__init__(base_url, credentials, settings, timeout)
        self._token: str | None = None
        self._token_expires = 0.0

    def accepts(self, tracking_number: str) -> bool:
        """USPS tracks S10 numbers and its own 20-34 digit IMpb numbers."""
        value = s10.normalise(tracking_number)
        return s10.is_valid(value) or (value.isdigit() and 20 <= len(value) <= 34)

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask USPS about one number."""
        self.check_batch(numbers)
        number = numbers[0].strip().upper().replace(" ", "")
        response = self._get(number, self._access_token())
        if response.status_code == 401:
            # A token can be revoked before it expires: fetch one more, once.
            log.info("usps.token_refused", status=401)
            self._token = None
            response = self._get(number, self._access_token())
        http.check(response, self.title)
        return self.parse_tracking(response.content, number=number)

    def parse_tracking(self, body: bytes, number: str | None = None) -> TrackingResult:
        """A raw USPS tracking answer as events, or the number as not found."""
        return parse_body(http.load_json(body, self.title), number)

    def _get(self, number: str, token: str):
        request = tracking_request(self.base_url, number, token)
        return http.send("GET", partner=self.title, timeout=self.timeout, **request)

    def _access_token(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        client_id = self.credentials.get("client_id")
        client_secret = self.credentials.get("client_secret")
        if not client_id or not client_secret:
            raise BadRequest(
                "USPS needs OVS_PARTNER_USPS_CLIENT_ID and "
                "OVS_PARTNER_USPS_CLIENT_SECRET."
            )
        request = token_request(self.base_url, client_id, client_secret)
        response = http.send(
            "POST", partner=self.title, timeout=self.timeout, **request
        )
        http.check(response, self.title)
        if response.status_code >= 400:
            raise BadRequest(
                f"USPS refused the token request (HTTP {response.status_code})."
            )
        token, lifetime = parse_token(http.load_json(response.content, self.title))
        # Renew a minute early so a token never expires in flight.
        self._token, self._token_expires = token, time.monotonic() + lifetime - 60
        log.info("usps.token_fetched", expires_in=lifetime)
        return token


ADAPTER = UspsAdapter
