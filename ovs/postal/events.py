"""The UPU tracking event vocabulary that every partner code is mapped onto.

Codes follow the UPU's EMSEVT event list used for international registered,
EMS and tracked letter items. Two codes are OVS's own, for decisions made at the
mission rather than by a post; they start with ``OV`` so they never collide with
a UPU code.
"""

import enum


class EventCode(enum.StrEnum):
    """A UPU event code (or one of OVS's two mission codes)."""

    POSTED = "EMA"
    ARRIVED_OUTWARD_OE = "EMB"
    DEPARTED_OUTWARD_OE = "EMC"
    ARRIVED_INWARD_OE = "EMD"
    HANDED_TO_CUSTOMS = "EME"
    DEPARTED_INWARD_OE = "EMF"
    ARRIVED_DELIVERY_OFFICE = "EMG"
    DELIVERY_ATTEMPTED = "EMH"
    DELIVERED = "EMI"
    ARRIVED_TRANSIT_OE = "EMJ"
    DEPARTED_TRANSIT_OE = "EMK"
    HELD_INWARD_OE = "EDA"
    PRESENTED_IMPORT_CUSTOMS = "EDB"
    RETURNED_FROM_CUSTOMS = "EDC"
    INTO_SORTING_CENTRE = "EDD"
    OUT_OF_SORTING_CENTRE = "EDE"
    HELD_DELIVERY_OFFICE = "EDF"
    OUT_FOR_DELIVERY = "EDG"
    AT_COLLECTION_POINT = "EDH"
    PRESENTED_EXPORT_CUSTOMS = "EXA"
    HELD_EXPORT_CUSTOMS = "EXB"
    RETURNED_FROM_EXPORT_CUSTOMS = "EXC"
    HELD_OUTWARD_OE = "EXD"
    EXPORT_CANCELLED = "EXX"
    # OVS's own: staff confirm an item lost, or void its ballot.
    LOST_CONFIRMED = "OVL"
    VOIDED = "OVV"


class Measure(enum.StrEnum):
    """What the post does after an unsuccessful delivery (EMH)."""

    RETRY = "retry"
    HELD_FOR_COLLECTION = "held_for_collection"
    RETURN_TO_SENDER = "return_to_sender"
    FORWARDED = "forwarded"


DESCRIPTIONS = {
    EventCode.POSTED: "Posted",
    EventCode.ARRIVED_OUTWARD_OE: "Arrived at the outward office of exchange",
    EventCode.DEPARTED_OUTWARD_OE: "Left the country of posting",
    EventCode.ARRIVED_INWARD_OE: "Arrived in the country of destination",
    EventCode.HANDED_TO_CUSTOMS: "Handed over to customs",
    EventCode.DEPARTED_INWARD_OE: "On its way to the delivery office",
    EventCode.ARRIVED_DELIVERY_OFFICE: "Arrived at the delivery office",
    EventCode.DELIVERY_ATTEMPTED: "Delivery attempted",
    EventCode.DELIVERED: "Delivered",
    EventCode.ARRIVED_TRANSIT_OE: "Arrived at a transit office of exchange",
    EventCode.DEPARTED_TRANSIT_OE: "Left a transit office of exchange",
    EventCode.HELD_INWARD_OE: "Held at the inward office of exchange",
    EventCode.PRESENTED_IMPORT_CUSTOMS: "Presented to import customs",
    EventCode.RETURNED_FROM_CUSTOMS: "Released by customs",
    EventCode.INTO_SORTING_CENTRE: "Arrived at a sorting centre",
    EventCode.OUT_OF_SORTING_CENTRE: "Left a sorting centre",
    EventCode.HELD_DELIVERY_OFFICE: "Held at the delivery office",
    EventCode.OUT_FOR_DELIVERY: "Out for delivery",
    EventCode.AT_COLLECTION_POINT: "Waiting at a collection point",
    EventCode.PRESENTED_EXPORT_CUSTOMS: "Presented to export customs",
    EventCode.HELD_EXPORT_CUSTOMS: "Held by export customs",
    EventCode.RETURNED_FROM_EXPORT_CUSTOMS: "Released by export customs",
    EventCode.HELD_OUTWARD_OE: "Held at the outward office of exchange",
    EventCode.EXPORT_CANCELLED: "Export cancelled",
    EventCode.LOST_CONFIRMED: "Confirmed lost by the mission",
    EventCode.VOIDED: "Ballot voided by the mission",
}


def parse_code(text: str | None) -> EventCode | None:
    """Return the EventCode for a code string, or None when it is not one."""
    if not text:
        return None
    try:
        return EventCode(text.strip().upper())
    except ValueError:
        return None
