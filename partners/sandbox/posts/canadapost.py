"""Canada Post's Tracking web service (track-v2 XML), played from the world."""

from xml.sax.saxutils import escape

from flask import Blueprint
from flask import Response

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure as M
from partners.canadapost import MEDIA_TYPE
from partners.sandbox.places import region_of
from partners.sandbox.render import basic
from partners.sandbox.render import carries
from partners.sandbox.render import city_of
from partners.sandbox.render import local_time
from partners.sandbox.render import pick
from partners.timezones import zone_for

CREDENTIALS = {"username": "sandbox-cpc-user", "password": "sandbox-cpc-password"}

NAMESPACE = "http://www.canadapost.ca/ws/track-v2"
MESSAGES = "http://www.canadapost.ca/ws/messages"

RENDER = {
    (E.POSTED, None): ("3000", "Item accepted at the Post Office"),
    (E.INTO_SORTING_CENTRE, None): ("0100", "Item processed at postal facility"),
    (E.DEPARTED_OUTWARD_OE, None): ("0500", "Item left Canada"),
    (E.ARRIVED_INWARD_OE, None): ("0900", "Item arrived in Canada"),
    (E.PRESENTED_IMPORT_CUSTOMS, None): (
        "0901",
        "Item with the Canada Border Services Agency",
    ),
    (E.HELD_INWARD_OE, None): ("0903", "Item held by the CBSA for inspection"),
    (E.RETURNED_FROM_CUSTOMS, None): ("0902", "Item released by the CBSA"),
    (E.ARRIVED_DELIVERY_OFFICE, None): ("0170", "Item arrived at delivery office"),
    (E.OUT_FOR_DELIVERY, None): ("0174", "Item out for delivery"),
    (E.DELIVERY_ATTEMPTED, M.HELD_FOR_COLLECTION): ("0168", "Notice card left"),
    (E.DELIVERY_ATTEMPTED, M.RETRY): ("0169", "Delivery attempted"),
    (E.DELIVERY_ATTEMPTED, M.RETURN_TO_SENDER): ("0700", "Item returned to sender"),
    (E.AT_COLLECTION_POINT, None): ("1701", "Item available for pickup"),
    (E.DELIVERED, None): ("1496", "Item successfully delivered"),
}


def blueprint(world) -> Blueprint:
    """Canada Post's tracking-details path over the world's events."""
    bp = Blueprint("sandbox_canadapost", __name__)

    @bp.get("/vis/track/pin/<pin>/detail")
    def detail(pin):
        """One PIN's tracking details, newest event first."""
        login = basic(CREDENTIALS["username"], CREDENTIALS["password"])
        if not carries({"Authorization": login}):
            return xml(messages("E002", "AAA Authentication Failure"), 401)
        events = world.events(pin)
        if events is None:
            return xml(messages("004", "No Pin History"), 404)
        return xml(tracking_detail(pin, events), 200)

    return bp


def xml(text: str, status: int) -> Response:
    """An XML answer in Canada Post's media type."""
    return Response(text, status=status, content_type=MEDIA_TYPE)


def messages(code: str, description: str) -> str:
    """A Canada Post messages document."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<messages xmlns="{MESSAGES}"><message><code>{code}</code>'
        f"<description>{escape(description)}</description></message></messages>"
    )


def tracking_detail(pin: str, events) -> str:
    """A tracking-detail document for the events."""
    shown = [occurrence(e) for e in reversed(events) if pick(RENDER, e)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<tracking-detail xmlns="{NAMESPACE}"><pin>{escape(pin)}</pin>'
        "<active-exists>1</active-exists><archive-exists/>"
        "<service-name>Registered Mail</service-name>"
        f"<significant-events>{''.join(shown)}</significant-events>"
        "</tracking-detail>"
    )


def occurrence(event) -> str:
    """One occurrence; times abroad are given in Eastern time, as Canada Post does."""
    identifier, description = pick(RENDER, event)
    if event.reason:
        description = f"{description}: {event.reason}"
    province = region_of(event.location) if event.country == "CA" else None
    zone = zone_for("CA", province)
    when = local_time(event, zone)
    retail = ""
    if event.code == E.DELIVERY_ATTEMPTED and event.measure == M.HELD_FOR_COLLECTION:
        retail = f"{city_of(event)} Post Office"
    return (
        "<occurrence>"
        f"<event-identifier>{identifier}</event-identifier>"
        f"<event-date>{when:%Y-%m-%d}</event-date>"
        f"<event-time>{when:%H:%M:%S}</event-time>"
        f"<event-time-zone>{when.tzname()}</event-time-zone>"
        f"<event-description>{escape(description)}</event-description>"
        "<signatory-name/>"
        f"<event-site>{escape(city_of(event).upper())}</event-site>"
        f"<event-province>{escape(province or event.country)}</event-province>"
        "<event-retail-location-id/>"
        f"<event-retail-name>{escape(retail)}</event-retail-name>"
        "</occurrence>"
    )
