"""The sandbox's USPS: OAuth client credentials and Tracking API v3 answers.

Serves ``POST /oauth2/v3/token`` and ``GET /tracking/v3/tracking/<number>``
in the shapes ``partners.usps`` documents: events newest first, with the
Publication 199 code of each UPU event, local ``eventTimestamp``, the
``GMTTimestamp`` instant and the ``GMTOffset``.
"""

import datetime as dt
import secrets

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import EventCode
from partners import timezones
from partners.codes import reverse
from partners.sandbox import SandboxEvent
from partners.sandbox import World
from partners.usps import CODES

CREDENTIALS = {
    "client_id": "sandbox-usps-client",
    "client_secret": "sandbox-usps-secret",
}
TOKEN_SECONDS = 28799
API_VERSION = "/tracking/v3"
NOT_FOUND = (
    "The Postal Service could not locate the tracking information for your "
    "request. Please verify your tracking number and try again later."
)

# Publication 199 event names for the codes the sandbox sends.
EVENT_TYPES = {
    "03": "USPS in possession of item",
    "10": "Processed through USPS Facility",
    "EF": "Departed USPS Regional Facility",
    "07": "Arrived at Post Office",
    "OF": "Out for Delivery",
    "16": "Available for Pickup",
    "01": "Delivered",
    "30": "Delivery Attempted - No Access to Delivery Location",
    "02": "Notice Left (No Authorized Recipient Available)",
    "09": "Return to Sender",
    "06": "Forwarded",
}


def split_place(location: str) -> tuple[str, str]:
    """City and state from a ``City, ST`` location."""
    city, _, state = location.rpartition(",")
    if city and state.strip().upper() in timezones.US_STATE_ZONES:
        return city.strip().upper(), state.strip().upper()
    return location.strip().upper(), ""


def render_event(event: SandboxEvent) -> dict:
    """One sandbox event as a USPS tracking event."""
    city, state = split_place(event.location)
    zone = timezones.zone_for(event.country, state) or "UTC"
    local = timezones.in_zone(event.occurred_at, zone)
    code = reverse(CODES, event.code, event.measure)
    offset = local.strftime("%z")
    return {
        "eventType": EVENT_TYPES.get(code) or DESCRIPTIONS.get(event.code, ""),
        "eventTimestamp": local.replace(tzinfo=None).isoformat(timespec="seconds"),
        "GMTTimestamp": event.occurred_at.astimezone(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "GMTOffset": f"{offset[:3]}:{offset[3:]}",
        "eventCountry": "" if event.country == "US" else event.country,
        "eventCity": city,
        "eventState": state,
        "eventZIPCode": "",
        "firm": "",
        "name": "",
        "authorizedAgent": False,
        "eventCode": code or "",
    }


def render(number: str, events: list[SandboxEvent]) -> dict:
    """The Tracking v3 answer for one number."""
    newest_first = sorted(events, key=lambda e: e.occurred_at, reverse=True)
    delivered = any(e.code == EventCode.DELIVERED for e in events)
    latest = newest_first[0] if newest_first else None
    return {
        "trackingNumber": number,
        "mailClass": "First-Class Package International Service",
        "statusCategory": "Delivered" if delivered else "In Transit",
        "status": DESCRIPTIONS.get(latest.code, "") if latest else "",
        "statusSummary": "",
        "trackingEvents": [render_event(e) for e in newest_first],
    }


def error(status: int, message: str, **extra):
    """A USPS API error answer."""
    body = {
        "apiVersion": API_VERSION,
        "error": {
            "code": str(status),
            "message": message,
            "errors": [{"status": str(status), "title": message}],
        },
    }
    body.update(extra)
    return jsonify(body), status


def blueprint(world: World) -> Blueprint:
    """USPS's token and tracking API over ``world``."""
    bp = Blueprint("sandbox_post_usps", __name__)
    tokens: set[str] = set()

    @bp.post("/oauth2/v3/token")
    def token():
        """An access token for the sandbox client credentials."""
        form = request.get_json(silent=True) or request.form
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != CREDENTIALS["client_id"]
            or form.get("client_secret") != CREDENTIALS["client_secret"]
        ):
            return jsonify(
                {"error": "invalid_client", "error_description": "Bad credentials."}
            ), 401
        issued = secrets.token_urlsafe(24)
        tokens.add(issued)
        return jsonify(
            {
                "access_token": issued,
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "status": "approved",
                "scope": "tracking",
            }
        )

    @bp.get("/tracking/v3/tracking/<number>")
    def tracking(number: str):
        """Events of one item, newest first."""
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or presented not in tokens:
            return error(401, "Unauthorized: the access token is missing or invalid.")
        number = number.strip().upper()
        events = world.events(number)
        if events is None:
            return error(404, NOT_FOUND, trackingNumber=number)
        return jsonify(render(number, events))

    return bp
