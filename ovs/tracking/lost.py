"""Staff confirming an item lost: an ``OVL`` event through the one ingest path."""

from ovs import audit
from ovs import logs
from ovs.errors import Conflict
from ovs.models import Item
from ovs.models.base import utcnow
from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import EventCode
from ovs.postal.status import EventSource
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent

log = logs.get(__name__)


def confirm_lost(session, item: Item, actor: str) -> Item:
    """Record that staff confirm an item lost; its status becomes final."""
    if item.is_final:
        raise Conflict(
            f"Item {item.tracking_number} is already {item.status.replace('_', ' ')}; "
            "only an item still in flight can be confirmed lost."
        )
    event = ParsedEvent(
        tracking_number=item.tracking_number,
        code=EventCode.LOST_CONFIRMED,
        partner_code=None,
        description=DESCRIPTIONS[EventCode.LOST_CONFIRMED],
        occurred_at=utcnow().replace(microsecond=0),
    )
    ingest(session, [event], source=EventSource.STAFF)
    audit.record(
        session,
        actor=actor,
        action="item.lost_confirmed",
        object_type="item",
        object_id=item.id,
        mission_id=item.mission_id,
        details={
            "tracking_number": item.tracking_number,
            "proposed_at": item.lost_proposed_at.isoformat()
            if item.lost_proposed_at
            else None,
        },
    )
    log.info("item.lost_confirmed", item_id=item.id, mission_id=item.mission_id)
    return item
