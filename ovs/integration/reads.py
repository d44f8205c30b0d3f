"""What the API reads: items with their events, ballots, and the event feed.

Each function takes a ``Viewer``: the mission a token is limited to (None for
every mission) and whether it may see voters' personal data. Another
mission's item or ballot is answered exactly like one that does not exist.
"""

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ovs.errors import NotFound
from ovs.integration import cursors
from ovs.integration.feed import settled_horizon
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import TrackingEvent
from ovs.models import Voter
from ovs.postal import s10

# Ids past a 32-bit integer cannot exist and would overflow the column.
MAX_ID = 2**31 - 1
PLAUSIBLE_NUMBER = re.compile(r"[A-Za-z0-9 -]{1,40}")


@dataclass(frozen=True)
class Viewer:
    """Who is reading: the mission they are limited to, and personal-data access."""

    mission_id: int | None = None
    personal: bool = False

    def sees(self, mission_id: int) -> bool:
        """Whether this viewer may read the given mission's data."""
        return self.mission_id is None or self.mission_id == mission_id


def item_detail(session, viewer: Viewer, tracking_number: str) -> dict:
    """One item by tracking number, with its partner, deadlines and events."""
    item = None
    if PLAUSIBLE_NUMBER.fullmatch(tracking_number):
        item = session.scalar(
            select(Item)
            .where(Item.tracking_number == s10.normalise(tracking_number))
            .options(selectinload(Item.events))
        )
    if item is None or not viewer.sees(item.mission_id):
        raise NotFound(
            f"No item with the tracking number {tracking_number!r}. Check the "
            "number, including its two-letter country suffix."
        )
    partner = session.get(PartnerPost, item.partner_id)
    mission = session.get(Mission, item.mission_id)
    body = item_summary(item)
    body.update(
        ballot_id=item.ballot_id,
        mission=mission.code,
        partner=partner.code,
        service_class=item.service_class,
        expected_arrival={"p50": item.expected_p50_at, "p90": item.expected_p90_at},
        events=[event_body(e) for e in sorted(item.events, key=_event_order)],
    )
    return body


def item_summary(item: Item) -> dict:
    """The few fields that say where an item is."""
    return {
        "tracking_number": item.tracking_number,
        "leg": item.leg,
        "status": item.status,
        "status_changed_at": item.status_changed_at,
        "at_risk": item.at_risk,
        "is_final": item.is_final,
    }


def event_body(event: TrackingEvent) -> dict:
    """An event as the API shows it, its time in the offset the post reported."""
    return {
        "code": event.code,
        "partner_code": event.partner_code,
        "description": event.description,
        "occurred_at": local_time(event),
        "offset_inferred": event.offset_inferred,
        "location": event.location,
        "country": event.country,
        "source": event.source,
    }


def local_time(event: TrackingEvent) -> dt.datetime:
    """When the event happened, in the local time the post reported."""
    minutes = event.utc_offset_minutes or 0
    return event.occurred_at.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))


def lookup(session, viewer: Viewer, numbers: list[str]) -> dict:
    """Summaries of the items found, and the numbers not found or not visible."""
    wanted = {s10.normalise(n): n for n in numbers}
    found = [
        item
        for item in session.scalars(
            select(Item).where(Item.tracking_number.in_(wanted)).order_by(Item.id)
        )
        if viewer.sees(item.mission_id)
    ]
    seen = {item.tracking_number for item in found}
    return {
        "items": [item_summary(item) for item in found],
        "not_found": [raw for number, raw in wanted.items() if number not in seen],
    }


def ballot_detail(session, viewer: Viewer, ballot_id: int) -> dict:
    """One ballot with both items, and the voter's personal data when allowed."""
    ballot = (
        None
        if not 0 < ballot_id <= MAX_ID
        else session.scalar(
            select(Ballot)
            .where(Ballot.id == ballot_id)
            .options(selectinload(Ballot.items), selectinload(Ballot.voter))
        )
    )
    if ballot is None or not viewer.sees(ballot.mission_id):
        raise NotFound(f"No ballot with the id {ballot_id}.")
    codes = _mission_codes(session, {ballot.mission_id})
    return ballot_body(ballot, codes, viewer)


def ballot_body(ballot: Ballot, mission_codes: dict[int, str], viewer: Viewer):
    """A ballot as the API shows it."""
    items = sorted(ballot.items, key=lambda i: i.leg != "outbound")
    return {
        "id": ballot.id,
        "mission": mission_codes[ballot.mission_id],
        "voter_id": ballot.voter_id,
        "sequence": ballot.sequence,
        "state": ballot.state,
        "created_at": ballot.created_at,
        "items": [item_summary(i) for i in items],
        "voter": voter_body(ballot.voter) if viewer.personal else None,
    }


def voter_body(voter: Voter) -> dict:
    """The personal data only the read:personal scope may see."""
    return {
        "registry_number": voter.registry_number,
        "full_name": voter.full_name,
        "country": voter.country,
        "address": voter.address,
    }


def ballot_page(
    session,
    viewer: Viewer,
    *,
    mission_code: str | None,
    status: str | None,
    leg: str | None,
    cursor: str | None,
    page_size: int,
) -> dict:
    """One page of ballots in id order, filtered by mission and item status."""
    after = cursors.decode("ballots", cursor)
    query = select(Ballot).where(Ballot.id > after)
    if viewer.mission_id is not None:
        query = query.where(Ballot.mission_id == viewer.mission_id)
    if mission_code:
        query = query.where(Ballot.mission_id == _mission_id(session, mission_code))
    if status or leg:
        match = select(Item.id).where(Item.ballot_id == Ballot.id)
        if status:
            match = match.where(Item.status == status)
        if leg:
            match = match.where(Item.leg == leg)
        query = query.where(exists(match))
    ballots = list(
        session.scalars(
            query.order_by(Ballot.id)
            .limit(page_size + 1)
            .options(selectinload(Ballot.items), selectinload(Ballot.voter))
        )
    )
    more = len(ballots) > page_size
    ballots = ballots[:page_size]
    codes = _mission_codes(session, {b.mission_id for b in ballots})
    return {
        "data": [ballot_body(b, codes, viewer) for b in ballots],
        "next_cursor": cursors.encode("ballots", ballots[-1].id) if more else None,
    }


def event_feed(
    session,
    viewer: Viewer,
    *,
    cursor: str | None,
    limit: int,
    now: dt.datetime,
    settle: dt.timedelta,
) -> dict:
    """Events after a cursor in a stable order that never skips a late commit."""
    after = cursors.decode("events", cursor)
    horizon, scan_full = settled_horizon(
        session,
        TrackingEvent.id,
        TrackingEvent.received_at,
        after=after,
        now=now,
        settle=settle,
    )
    query = (
        select(TrackingEvent, Item)
        .join(Item, Item.id == TrackingEvent.item_id)
        .where(TrackingEvent.id > after, TrackingEvent.id <= horizon)
        .order_by(TrackingEvent.id)
        .limit(limit + 1)
    )
    if viewer.mission_id is not None:
        query = query.where(Item.mission_id == viewer.mission_id)
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    position = rows[-1][0].id if more else horizon
    codes = _mission_codes(session, {item.mission_id for _, item in rows})
    return {
        "events": [_feed_entry(event, item, codes) for event, item in rows],
        "next_cursor": cursors.encode("events", position),
        "has_more": more or scan_full,
    }


def _feed_entry(event: TrackingEvent, item: Item, codes: dict[int, str]) -> dict:
    body = event_body(event)
    body.update(
        id=event.id,
        tracking_number=item.tracking_number,
        ballot_id=item.ballot_id,
        leg=item.leg,
        mission=codes[item.mission_id],
        received_at=event.received_at,
    )
    return body


def _event_order(event: TrackingEvent):
    return (event.occurred_at, event.id)


def _mission_codes(session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Mission.id, Mission.code).where(Mission.id.in_(ids))
        ).all()
    )


def _mission_id(session, code: str) -> int:
    mission_id = session.scalar(select(Mission.id).where(Mission.code == code))
    if mission_id is None:
        raise NotFound(f"No mission with the code {code!r}.")
    return mission_id
