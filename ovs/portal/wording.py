"""Plain words for every event and status a voter may see; never a UPU code."""

from flask_babel import lazy_gettext as _l

from ovs.postal.events import EventCode as E
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

# What happened, in words that read the same on either leg.
EVENT_WORDS = {
    E.ARRIVED_OUTWARD_OE: _l("Reached the post's international office"),
    E.DEPARTED_OUTWARD_OE: _l("Left the country it was posted in"),
    E.ARRIVED_INWARD_OE: _l("Arrived in the country it is going to"),
    E.HANDED_TO_CUSTOMS: _l("Handed to customs"),
    E.DEPARTED_INWARD_OE: _l("On its way to the local delivery office"),
    E.ARRIVED_DELIVERY_OFFICE: _l("Arrived at the local delivery office"),
    E.DELIVERY_ATTEMPTED: _l("The post tried to deliver it, but could not"),
    E.ARRIVED_TRANSIT_OE: _l("Passing through another country"),
    E.DEPARTED_TRANSIT_OE: _l("Left a country it was passing through"),
    E.HELD_INWARD_OE: _l("Held at the post's international office"),
    E.PRESENTED_IMPORT_CUSTOMS: _l("Being checked by customs"),
    E.RETURNED_FROM_CUSTOMS: _l("Released by customs"),
    E.INTO_SORTING_CENTRE: _l("Arrived at a sorting centre"),
    E.OUT_OF_SORTING_CENTRE: _l("Left a sorting centre"),
    E.HELD_DELIVERY_OFFICE: _l("Held at the local delivery office"),
    E.OUT_FOR_DELIVERY: _l("Out for delivery"),
    E.AT_COLLECTION_POINT: _l("Waiting to be collected"),
    E.PRESENTED_EXPORT_CUSTOMS: _l("Being checked by customs before leaving"),
    E.HELD_EXPORT_CUSTOMS: _l("Held by customs before leaving"),
    E.RETURNED_FROM_EXPORT_CUSTOMS: _l("Released by customs"),
    E.HELD_OUTWARD_OE: _l("Held at the post's international office"),
    E.EXPORT_CANCELLED: _l("Stopped before leaving the country"),
    E.LOST_CONFIRMED: _l("The mission confirmed it lost"),
    E.VOIDED: _l("Cancelled by the mission"),
}

# Words that depend on which way the envelope travels.
LEG_EVENT_WORDS = {
    (Leg.OUTBOUND, E.POSTED): _l("Your ballot left the mission"),
    (Leg.OUTBOUND, E.DELIVERED): _l("Your ballot was delivered to you"),
    (Leg.RETURN, E.POSTED): _l("You posted your ballot back"),
    (Leg.RETURN, E.DELIVERED): _l("Your ballot reached the mission"),
}

UNKNOWN_EVENT = _l("News from the post")

HEADLINES = {
    (Leg.OUTBOUND, S.PREPARED): _l("Your ballot is being prepared at the mission."),
    (Leg.OUTBOUND, S.POSTED): _l("Your ballot has left the mission."),
    (Leg.OUTBOUND, S.IN_TRANSIT): _l("Your ballot is on its way to you."),
    (Leg.OUTBOUND, S.HELD_AT_CUSTOMS): _l("Your ballot is with customs."),
    (Leg.OUTBOUND, S.AT_DELIVERY_OFFICE): _l(
        "Your ballot is at your local delivery office."
    ),
    (Leg.OUTBOUND, S.OUT_FOR_DELIVERY): _l("Your ballot is out for delivery."),
    (Leg.OUTBOUND, S.DELIVERY_ATTEMPTED): _l(
        "The post tried to deliver your ballot, but could not."
    ),
    (Leg.OUTBOUND, S.DELIVERED): _l("Your ballot was delivered."),
    (Leg.OUTBOUND, S.RETURNING): _l(
        "Your ballot could not be delivered and is going back to the mission."
    ),
    (Leg.OUTBOUND, S.RETURNED_UNDELIVERABLE): _l(
        "Your ballot could not be delivered and went back to the mission."
    ),
    (Leg.OUTBOUND, S.LOST): _l("Your ballot was lost in the post."),
    (Leg.RETURN, S.AWAITING_VOTER): _l(
        "The mission is waiting for your ballot to come back."
    ),
    (Leg.RETURN, S.POSTED_BY_VOTER): _l("Your ballot is in the post, coming back."),
    (Leg.RETURN, S.IN_TRANSIT): _l("Your ballot is on its way back to the mission."),
    (Leg.RETURN, S.RECEIVED_ON_TIME): _l(
        "Your ballot reached the mission in time. It will be counted."
    ),
    (Leg.RETURN, S.RECEIVED_LATE): _l(
        "Your ballot reached the mission after the deadline and cannot be counted."
    ),
    (Leg.RETURN, S.LOST): _l("Your returned ballot was lost in the post."),
}


def event_words(leg: str, code: str | None):
    """What an event means, in plain words for this leg."""
    if code is None:
        return UNKNOWN_EVENT
    key = (leg, code)
    if key in LEG_EVENT_WORDS:
        return LEG_EVENT_WORDS[key]
    return EVENT_WORDS.get(code, UNKNOWN_EVENT)


def headline(leg: str, status: str):
    """One sentence saying where an item is."""
    return HEADLINES.get((leg, status)) or HEADLINES[(leg, S.IN_TRANSIT)]
