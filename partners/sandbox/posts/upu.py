"""The sandbox's UPU-standard post: OVS's UPU-style JSON tracking query.

Serves ``GET /v1/items?ids=...`` (at most 50) with the ``X-Api-Key`` header,
answering the format ``partners.upu`` documents: events with UPU codes and
ISO 8601 times at the local offset of the event's country.
"""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal import s10
from ovs.postal.events import DESCRIPTIONS
from partners import timezones
from partners.sandbox import SandboxEvent
from partners.sandbox import World
from partners.sandbox.render import carries

CREDENTIALS = {"api_key": "sandbox-upu-key"}
BATCH_SIZE = 50


def render_event(event: SandboxEvent) -> dict:
    """One sandbox event as a UPU event object."""
    zone = timezones.zone_for(event.country) or "UTC"
    return {
        "id": event.event_id or None,
        "code": event.code.value,
        "time": timezones.in_zone(event.occurred_at, zone).isoformat(),
        "location": event.location,
        "country": event.country,
        "description": DESCRIPTIONS.get(event.code),
        "reason": event.reason,
        "measure": event.measure.value if event.measure else None,
    }


def render(world: World, numbers: list[str]) -> dict:
    """The answer for these numbers: items with events, and numbers not found."""
    items, not_found = [], []
    for number in numbers:
        events = world.events(number)
        if events is None:
            not_found.append(number)
            continue
        items.append({"itemId": number, "events": [render_event(e) for e in events]})
    return {"items": items, "notFound": not_found}


def error(status: int, code: str, message: str):
    """A UPU-style error answer."""
    return jsonify({"error": {"code": code, "message": message}}), status


def blueprint(world: World) -> Blueprint:
    """The UPU-standard post's tracking API over ``world``."""
    bp = Blueprint("sandbox_post_upu", __name__)

    @bp.get("/v1/items")
    def items():
        """Events of up to 50 items."""
        if not carries({"X-Api-Key": CREDENTIALS["api_key"]}):
            return error(401, "unauthorized", "A valid X-Api-Key header is required.")
        ids = [s10.normalise(i) for i in request.args.get("ids", "").split(",") if i]
        if not ids:
            return error(400, "no_ids", "Give the item ids in ids=.")
        if len(ids) > BATCH_SIZE:
            return error(400, "too_many_ids", f"At most {BATCH_SIZE} ids a request.")
        return jsonify(render(world, ids))

    return bp
