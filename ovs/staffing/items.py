"""An item's story for staff: its ballot, voter, events and the codes behind them."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import TrackingEvent
from ovs.models import Voter
from ovs.postal.events import DESCRIPTIONS
from ovs.postal.events import EventCode


@dataclass
class EventLine:
    """One event as staff read it: local time, UPU meaning, the post's own words."""

    event: TrackingEvent
    local_time: str
    meaning: str
    unmapped: bool


@dataclass
class ItemStory:
    """Everything the item page shows."""

    item: Item
    ballot: Ballot
    voter: Voter
    partner: PartnerPost
    sibling: Item | None
    events: list[EventLine]


def story(session, mission: Mission, item: Item) -> ItemStory:
    """The item with its ballot, voter, partner, other leg and events, in order."""
    ballot = session.get(Ballot, item.ballot_id)
    sibling = session.scalar(
        select(Item).where(Item.ballot_id == ballot.id, Item.id != item.id)
    )
    events = session.scalars(
        select(TrackingEvent)
        .where(TrackingEvent.item_id == item.id)
        .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
    )
    zone = ZoneInfo(mission.timezone)
    return ItemStory(
        item=item,
        ballot=ballot,
        voter=session.get(Voter, ballot.voter_id),
        partner=session.get(PartnerPost, item.partner_id),
        sibling=sibling,
        events=[_line(event, zone) for event in events],
    )


def _line(event: TrackingEvent, zone: ZoneInfo) -> EventLine:
    unmapped = event.code is None
    meaning = (
        "Not mapped to a UPU event: shown as the post reported it"
        if unmapped
        else DESCRIPTIONS.get(EventCode(event.code), event.code)
    )
    return EventLine(
        event=event,
        local_time=f"{event.occurred_at.astimezone(zone):%Y-%m-%d %H:%M %Z}",
        meaning=meaning,
        unmapped=unmapped,
    )
