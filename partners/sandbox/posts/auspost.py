"""The sandbox's Australia Post: the Shipping and Tracking API's Track items.

Serves ``GET /shipping/v1/track?tracking_ids=...`` (at most 10) with the
``Account-Number`` and Basic ``Authorization`` headers, in the shapes
``partners.auspost`` documents: described events, newest first, dated in
Sydney time with the offset, and ``ESB-10001`` for ids it does not know.
"""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import timezones
from partners.auspost import CODES
from partners.codes import reverse
from partners.sandbox import SandboxEvent
from partners.sandbox import World
from partners.sandbox.render import basic
from partners.sandbox.render import carries

CREDENTIALS = {
    "api_key": "sandbox-auspost-key",
    "password": "sandbox-auspost-password",
    "account_number": "0001234567",
}
BATCH_SIZE = 10
ZONE = "Australia/Sydney"


def describe(event: SandboxEvent) -> str:
    """The Australia Post words for a sandbox event."""
    words = reverse(CODES, event.code, event.measure)
    if words is None:
        return DESCRIPTIONS.get(event.code, event.code.value)
    if words == "Delivered" and event.location:
        return "Delivered - Left in a safe place"
    return words


def item_status(events: list[SandboxEvent]) -> str:
    """The documented item status that sums up these events."""
    codes = [(e.code, e.measure) for e in events]
    if (EventCode.DELIVERY_ATTEMPTED, Measure.RETURN_TO_SENDER) in codes:
        return "Cannot be delivered"
    if any(code == EventCode.DELIVERED for code, _ in codes):
        return "Delivered"
    if any(code == EventCode.AT_COLLECTION_POINT for code, _ in codes):
        return "Awaiting collection"
    return "In transit" if events else "Initiated"


def render_event(event: SandboxEvent) -> dict:
    """One sandbox event as an Australia Post event."""
    rendered = {
        "description": describe(event),
        "date": timezones.in_zone(event.occurred_at, ZONE).isoformat(),
    }
    if event.location:
        rendered["location"] = event.location
    return rendered


def render_result(number: str, events: list[SandboxEvent] | None) -> dict:
    """One tracking result: the article's events, or the unknown-id error."""
    if events is None:
        return {
            "tracking_id": number,
            "errors": [{"code": "ESB-10001", "name": "Invalid tracking ID"}],
        }
    newest_first = sorted(events, key=lambda e: e.occurred_at, reverse=True)
    status = item_status(events)
    return {
        "tracking_id": number,
        "status": status,
        "trackable_items": [
            {
                "article_id": number,
                "product_type": "International",
                "events": [render_event(e) for e in newest_first],
                "status": status,
            }
        ],
    }


def error(status: int, code: str, name: str, message: str):
    """An Australia Post request error answer."""
    return jsonify(
        {"errors": [{"code": code, "name": name, "message": message}]}
    ), status


def authorised() -> bool:
    """Whether the request carries the sandbox account and key."""
    return carries(
        {
            "Authorization": basic(CREDENTIALS["api_key"], CREDENTIALS["password"]),
            "Account-Number": CREDENTIALS["account_number"],
        }
    )


def blueprint(world: World) -> Blueprint:
    """Australia Post's Track items over ``world``."""
    bp = Blueprint("sandbox_post_auspost", __name__)

    @bp.get("/shipping/v1/track")
    def track():
        """Events of up to 10 articles."""
        if not authorised():
            return error(
                401, "401", "UNAUTHORISED", "The API key, password or account is wrong."
            )
        raw = request.args.get("tracking_ids", "")
        ids = [i.strip().upper() for i in raw.split(",") if i.strip()]
        if len(ids) > BATCH_SIZE:
            return error(
                400,
                "51101",
                "TOO_MANY_AP_TRACKING_IDS",
                "The request must contain 10 or less AP article ids, consignment "
                "ids, or barcode ids.",
            )
        results = [render_result(i, world.events(i)) for i in ids]
        return jsonify({"tracking_results": results})

    return bp
