"""The statuses an item can be in, for each leg of a ballot's journey."""

import enum


class Leg(enum.StrEnum):
    """Which way an item travels."""

    OUTBOUND = "outbound"
    RETURN = "return"


class ServiceClass(enum.StrEnum):
    """The postal service an item is sent with."""

    REGISTERED = "registered"
    TRACKED = "tracked"
    EMS = "ems"


class ItemStatus(enum.StrEnum):
    """Where an item is, derived from its events."""

    # Outbound leg.
    PREPARED = "prepared"
    POSTED = "posted"
    IN_TRANSIT = "in_transit"
    HELD_AT_CUSTOMS = "held_at_customs"
    AT_DELIVERY_OFFICE = "at_delivery_office"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERY_ATTEMPTED = "delivery_attempted"
    DELIVERED = "delivered"
    RETURNING = "returning"
    RETURNED_UNDELIVERABLE = "returned_undeliverable"
    LOST = "lost"
    # Return leg.
    AWAITING_VOTER = "awaiting_voter"
    POSTED_BY_VOTER = "posted_by_voter"
    RECEIVED_ON_TIME = "received_on_time"
    RECEIVED_LATE = "received_late"


FINAL_STATUSES = frozenset(
    {
        ItemStatus.DELIVERED,
        ItemStatus.RETURNED_UNDELIVERABLE,
        ItemStatus.LOST,
        ItemStatus.RECEIVED_ON_TIME,
        ItemStatus.RECEIVED_LATE,
    }
)


class BallotState(enum.StrEnum):
    """Whether a ballot still counts."""

    LIVE = "live"
    VOIDED = "voided"


class EventSource(enum.StrEnum):
    """How an event reached OVS."""

    POLL = "poll"
    CALLBACK = "callback"
    SCAN = "scan"
    UPLOAD = "upload"
    HANDOVER = "handover"
    STAFF = "staff"


class Role(enum.StrEnum):
    """What a staff user may do."""

    ADMIN = "admin"
    CENTRAL = "central"
    MISSION = "mission"
    OBSERVER = "observer"
