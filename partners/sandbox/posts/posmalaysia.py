"""Pos Malaysia's corporate tracking event list, played from the sandbox world."""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners.posmalaysia import TIMESTAMP
from partners.posmalaysia import PosMalaysia
from partners.sandbox.render import carries
from partners.sandbox.render import local_time
from partners.sandbox.render import pick
from partners.timezones import zone_for

CREDENTIALS = {"token": "sandbox-pos-token"}

RENDER = {
    (E.POSTED, None): "Item posted over the counter",
    (E.INTO_SORTING_CENTRE, None): "Item processed at mail processing centre",
    (E.OUT_OF_SORTING_CENTRE, None): "Item dispatched out",
    (E.DEPARTED_OUTWARD_OE, None): "Item dispatched to overseas",
    (E.ARRIVED_INWARD_OE, None): "Item received from overseas",
    (E.PRESENTED_IMPORT_CUSTOMS, None): "Item presented to customs",
    (E.HELD_INWARD_OE, None): "Item held by customs",
    (E.RETURNED_FROM_CUSTOMS, None): "Item released by customs",
    (E.ARRIVED_DELIVERY_OFFICE, None): "Item arrived at delivery office",
    (E.OUT_FOR_DELIVERY, None): "Item out for delivery",
    (E.DELIVERY_ATTEMPTED, M.RETRY): "Delivery unsuccessful, will re-attempt",
    (E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION): (
        "Delivery unsuccessful, notice card left"
    ),
    (E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER): "Item returned to sender",
    (E.AT_COLLECTION_POINT, None): "Item ready for collection at post office",
    (E.DELIVERED, None): "Item delivered",
}
PATH = "/as2corporate/tracking-event-list/v1/api/TrackingEventList"


def blueprint(world) -> Blueprint:
    """Pos Malaysia's tracking event list over the world's events."""
    bp = Blueprint("sandbox_posmalaysia", __name__)

    @bp.get(PATH)
    def event_list():
        """Events of up to 20 numbers; unknown numbers are left out."""
        if not carries({"Authorization": f"Bearer {CREDENTIALS['token']}"}):
            return jsonify(message="The provided token is invalid or expired"), 401
        numbers = [
            n.strip() for n in request.args.get("id", "").split(",") if n.strip()
        ]
        if not numbers:
            return jsonify(message="Parameter id is required"), 400
        if len(numbers) > PosMalaysia.batch_size:
            limit = PosMalaysia.batch_size
            return jsonify(message=f"At most {limit} tracking numbers per request"), 400
        rows = []
        for number in numbers:
            rows.extend(
                row(number, e) for e in world.events(number) or () if pick(RENDER, e)
            )
        return jsonify(message="success", data=rows)

    return bp


def row(number: str, event) -> dict:
    """One event row in Malaysian local time, without offset, as Pos Malaysia gives."""
    return {
        "connote_id": number,
        "date": local_time(event, zone_for("MY")).strftime(TIMESTAMP),
        "process": pick(RENDER, event),
        "process_summary": event.reason or "",
        "office": event.location,
    }
