"""DHL's Shipment Tracking - Unified API, played from the sandbox world."""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners.sandbox.render import carries
from partners.sandbox.render import city_of
from partners.sandbox.render import local_time
from partners.sandbox.render import pick

CREDENTIALS = {"api_key": "sandbox-dhl-key"}

PROBLEM = "application/problem+json"

# UPU event -> (statusCode, status, description) as DHL reports it.
RENDER = {
    (E.POSTED, None): (
        "transit",
        "Posted",
        "The shipment has been posted by the sender at the retail outlet.",
    ),
    (E.INTO_SORTING_CENTRE, None): (
        "transit",
        "Processed",
        "The shipment has been processed in the parcel center.",
    ),
    (E.DEPARTED_OUTWARD_OE, None): (
        "transit",
        "Departed",
        "The shipment has left the country of origin.",
    ),
    (E.ARRIVED_INWARD_OE, None): (
        "transit",
        "Arrived",
        "The shipment has arrived in the destination country.",
    ),
    (E.PRESENTED_IMPORT_CUSTOMS, None): (
        "transit",
        "Customs",
        "The shipment is being processed by customs.",
    ),
    (E.HELD_INWARD_OE, None): (
        "transit",
        "Customs",
        "The shipment is being held by customs for inspection.",
    ),
    (E.RETURNED_FROM_CUSTOMS, None): (
        "transit",
        "Customs",
        "The shipment has been released by customs.",
    ),
    (E.ARRIVED_DELIVERY_OFFICE, None): (
        "transit",
        "Arrived",
        "The shipment has arrived at the delivery base.",
    ),
    (E.OUT_FOR_DELIVERY, None): (
        "transit",
        "Out for delivery",
        "The shipment has been loaded onto the delivery vehicle.",
    ),
    (E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION): (
        "failure",
        "Not delivered",
        "The recipient was not present. A notification card was left.",
    ),
    (E.DELIVERY_ATTEMPTED, M.RETRY): (
        "failure",
        "Not delivered",
        "Delivery attempt unsuccessful; a new attempt will be made.",
    ),
    (E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER): (
        "failure",
        "Returned",
        "The shipment was not collected and is being returned to sender.",
    ),
    (E.AT_COLLECTION_POINT, None): (
        "transit",
        "Ready for pickup",
        "The shipment is ready for pickup at the retail outlet.",
    ),
    (E.DELIVERED, None): ("delivered", "Delivered", "The shipment has been delivered."),
}


def blueprint(world) -> Blueprint:
    """DHL's /track/shipments path over the world's events."""
    bp = Blueprint("sandbox_dhl", __name__)

    @bp.get("/track/shipments")
    def shipments():
        """One tracking number's shipment, newest event first."""
        if not carries({"DHL-API-Key": CREDENTIALS["api_key"]}):
            return problem(401, "Unauthorized", "Unauthorized for given resource.")
        number = request.args.get("trackingNumber", "").strip()
        if not number:
            return problem(400, "Bad request", "Parameter trackingNumber is required.")
        events = world.events(number)
        if events is None:
            return problem(
                404, "No result found", "No shipment with given tracking number found."
            )
        return jsonify(shipments=[shipment(number, events)])

    return bp


def problem(status: int, title: str, detail: str):
    """An RFC 7807 problem answer, as DHL gives."""
    body = jsonify(type="about:blank", title=title, status=status, detail=detail)
    body.status_code = status
    body.content_type = PROBLEM
    return body


def shipment(number: str, events) -> dict:
    """One shipment with its events, newest first."""
    shown = [event_json(e) for e in reversed(events) if pick(RENDER, e)]
    body = {"id": number, "service": "parcel-de", "events": shown}
    if shown:
        body["status"] = shown[0]
    return body


def event_json(event) -> dict:
    """One DHL event, in the local time of its place with the offset."""
    status_code, status, description = pick(RENDER, event)
    entry = {
        "timestamp": local_time(event).isoformat(),
        "location": {
            "address": {"addressLocality": city_of(event), "countryCode": event.country}
        },
        "statusCode": status_code,
        "status": status,
        "description": description,
    }
    if event.reason:
        entry["remark"] = event.reason
    return entry
