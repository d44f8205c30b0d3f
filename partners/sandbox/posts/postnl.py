"""PostNL's Shipping Status API v2, played from the sandbox world."""

from flask import Blueprint
from flask import jsonify

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners.postnl import TIMESTAMP
from partners.postnl import ZONE
from partners.sandbox.render import carries
from partners.sandbox.render import local_time
from partners.sandbox.render import pick

CREDENTIALS = {"api_key": "sandbox-postnl-key"}

PHASES = {"1": "Collectie", "2": "Sortering", "3": "Distributie", "4": "Afgeleverd"}

# UPU event -> (status code, phase, description) as PostNL reports it.
RENDER = {
    (E.POSTED, None): ("2", "1", "Zending in ontvangst genomen"),
    (E.INTO_SORTING_CENTRE, None): ("5", "2", "Zending gesorteerd"),
    (E.DEPARTED_OUTWARD_OE, None): (
        "31",
        "2",
        "Zending klaar voor transport naar land van bestemming",
    ),
    (E.HELD_INWARD_OE, None): ("9", "2", "Zending bij douane"),
    (E.PRESENTED_IMPORT_CUSTOMS, None): ("20", "2", "Zending in inklaringsproces"),
    (E.OUT_FOR_DELIVERY, None): ("7", "3", "Zending in distributieproces"),
    (E.DELIVERY_ATTEMPTED, None): ("8", "3", "Zending niet afgeleverd"),
    (E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER): ("27", "3", "Retour Onbestelbaar"),
    (E.AT_COLLECTION_POINT, None): (
        "12",
        "3",
        "Zending beschikbaar op afhaallocatie",
    ),
    (E.DELIVERED, None): ("11", "4", "Zending afgeleverd"),
}


def blueprint(world) -> Blueprint:
    """PostNL's status-by-barcode path over the world's events."""
    bp = Blueprint("sandbox_postnl", __name__)

    @bp.get("/shipment/v2/status/barcode/<barcode>")
    def status(barcode):
        """One barcode's status history, newest first."""
        if not carries({"apikey": CREDENTIALS["api_key"]}):
            fault = {
                "faultstring": "Invalid ApiKey",
                "detail": {"errorcode": "oauth.v2.InvalidApiKey"},
            }
            return jsonify(fault=fault), 401
        events = world.events(barcode)
        if events is None:
            warning = {"Code": "W001", "Description": "No shipment found"}
            return jsonify(CompleteStatus={"Shipment": [], "Warnings": [warning]})
        return jsonify(CompleteStatus={"Shipment": [shipment(barcode, events)]})

    return bp


def shipment(barcode: str, events) -> dict:
    """One Shipment object with its current status and its history."""
    history = []
    for event in events:
        shown = pick(RENDER, event)
        if shown is None:
            continue
        code, phase, description = shown
        history.append(
            {
                "Code": code,
                "Description": description,
                "PhaseCode": phase,
                "PhaseDescription": PHASES[phase],
                "TimeStamp": local_time(event, ZONE).strftime(TIMESTAMP),
            }
        )
    history.reverse()
    body = {"Barcode": barcode, "OldStatus": history}
    if history:
        latest = history[0]
        body["Status"] = {
            "StatusCode": latest["Code"],
            "StatusDescription": latest["Description"],
            "PhaseCode": latest["PhaseCode"],
            "PhaseDescription": latest["PhaseDescription"],
            "TimeStamp": latest["TimeStamp"],
        }
    return body
