"""SQLAlchemy models, one module per aggregate; importing this registers them all."""

from ovs.models.audit import AuditEntry
from ovs.models.ballot import Ballot
from ovs.models.ballot import Item
from ovs.models.ballot import TrackingEvent
from ovs.models.base import Base
from ovs.models.dashboard import StatusCount
from ovs.models.dashboard import StatusFlow
from ovs.models.dashboard import TransitBucket
from ovs.models.dispatch import DispatchBatch
from ovs.models.election import Election
from ovs.models.election import Mission
from ovs.models.election import MissionCountry
from ovs.models.integration import ApiToken
from ovs.models.integration import WebhookDelivery
from ovs.models.integration import WebhookSubscriber
from ovs.models.notify import AttemptCounter
from ovs.models.notify import Notification
from ovs.models.notify import Subscription
from ovs.models.outbox import OutboxCursor
from ovs.models.outbox import OutboxMessage
from ovs.models.partner import Lane
from ovs.models.partner import PartnerPost
from ovs.models.partner import TrackingRange
from ovs.models.staff import StaffUser
from ovs.models.voter import Voter

__all__ = [
    "ApiToken",
    "AttemptCounter",
    "AuditEntry",
    "Ballot",
    "Base",
    "DispatchBatch",
    "Election",
    "Item",
    "Lane",
    "Mission",
    "MissionCountry",
    "Notification",
    "OutboxCursor",
    "OutboxMessage",
    "PartnerPost",
    "StaffUser",
    "StatusCount",
    "StatusFlow",
    "Subscription",
    "TrackingEvent",
    "TrackingRange",
    "TransitBucket",
    "Voter",
    "WebhookDelivery",
    "WebhookSubscriber",
]
