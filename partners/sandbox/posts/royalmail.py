"""The sandbox's Royal Mail: Tracking API v2 Events.

Serves ``GET /mailpieces/v2/<id>/events`` with the ``X-IBM-Client-Id``,
``X-IBM-Client-Secret`` and ``X-Accept-RMG-Terms`` headers, in the shapes
``partners.royalmail`` documents, times in London time with the offset. A UPU
event Royal Mail publishes no code for is shown under its UPU code, the way a
foreign post's scan reaches Royal Mail, and the adapter keeps it unmapped.
"""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import EventCode
from partners import timezones
from partners.codes import reverse
from partners.royalmail import CODES
from partners.royalmail import ZONE
from partners.sandbox import SandboxEvent
from partners.sandbox import World
from partners.sandbox.render import carries

CREDENTIALS = {
    "client_id": "sandbox-royalmail-client",
    "client_secret": "sandbox-royalmail-secret",
}

EVENT_NAMES = {
    "EVPPA": "Accepted at Post Office",
    "EVDAC": "Item Received",
    "EVODO": "Item Despatched to Delivery Office",
    "EVOCO": "We've received your item and it's now being processed for delivery",
    "EVGPD": "Due to be delivered today",
    "EVNDA": "Available for Redelivery or Collection",
    "EVKSP": "Delivered and Signed",
    "EVKNR": "Delivery Attempted",
    "EVKNA": "Delivery Attempted - No Answer",
}


def render_event(event: SandboxEvent) -> dict:
    """One sandbox event as a Royal Mail event."""
    code = reverse(CODES, event.code, event.measure) or event.code.value
    return {
        "eventCode": code,
        "eventName": EVENT_NAMES.get(code) or DESCRIPTIONS.get(event.code, code),
        "eventDateTime": timezones.in_zone(event.occurred_at, ZONE).isoformat(),
        "locationName": event.location,
    }


def render(number: str, events: list[SandboxEvent]) -> dict:
    """The Events answer for one item, newest event first."""
    newest_first = sorted(events, key=lambda e: e.occurred_at, reverse=True)
    rendered = [render_event(e) for e in newest_first]
    latest = rendered[0] if rendered else {}
    delivered = any(e.code == EventCode.DELIVERED for e in events)
    return {
        "mailPieces": {
            "mailPieceId": number,
            "carrierShortName": "RM",
            "carrierFullName": "Royal Mail Group Ltd",
            "summary": {
                "uniqueItemId": number,
                "oneDBarcode": number,
                "productId": "MTA",
                "productName": "International Tracked",
                "productCategory": "INTERNATIONAL",
                "lastEventCode": latest.get("eventCode"),
                "lastEventName": latest.get("eventName"),
                "lastEventDateTime": latest.get("eventDateTime"),
                "lastEventLocationName": latest.get("locationName"),
                "statusCategory": "DELIVERED" if delivered else "IN TRANSIT",
            },
            "events": rendered,
            "links": {
                "summary": {
                    "href": f"/mailpieces/v2/summary?mailPieceId={number}",
                    "title": "Summary",
                    "description": "Get summary",
                }
            },
        }
    }


def error(status: int, message: str, errors: list[dict] | None = None, more=None):
    """A Royal Mail API error answer."""
    body = {"httpCode": str(status), "httpMessage": message}
    if more:
        body["moreInformation"] = more
    if errors:
        body["errors"] = errors
    return jsonify(body), status


def refusal():
    """The error answer for a request without the headers Royal Mail requires."""
    if request.headers.get("X-Accept-RMG-Terms", "").lower() != "yes":
        return error(
            400,
            "Bad Request",
            [
                {
                    "errorCode": "E0004",
                    "errorDescription": "Failed header validation for "
                    "X-Accept-RMG-Terms",
                    "errorCause": "The submitted request was not valid against the "
                    "required header definition",
                    "errorResolution": "Please check the API request against the "
                    "required header definition and re-submit",
                }
            ],
        )
    if not carries(
        {
            "X-IBM-Client-Id": CREDENTIALS["client_id"],
            "X-IBM-Client-Secret": CREDENTIALS["client_secret"],
        }
    ):
        return error(401, "Unauthorized", more="Client id not registered.")
    return None


def blueprint(world: World) -> Blueprint:
    """Royal Mail's Tracking API v2 Events over ``world``."""
    bp = Blueprint("sandbox_post_royalmail", __name__)

    @bp.get("/mailpieces/v2/<number>/events")
    def events(number: str):
        """The full history of one item."""
        refused = refusal()
        if refused is not None:
            return refused
        number = number.strip().upper()
        found = world.events(number)
        if found is None:
            return error(
                404,
                "Not Found",
                [
                    {
                        "errorCode": "E1142",
                        "errorDescription": f"Barcode reference {number} isn't "
                        "recognised",
                        "errorCause": "A mail item with that barcode cannot be located",
                        "errorResolution": "Check barcode and resubmit",
                    }
                ],
            )
        return jsonify(render(number, found))

    return bp
