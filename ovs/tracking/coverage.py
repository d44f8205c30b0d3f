"""How well each partner's quota covers its items in flight.

A partner that allows few requests (a new USPS API app: about sixty an hour,
one number each) cannot poll thousands of items often. This says how often, on
average, each item in flight can be asked about, so staff know when to ask a
partner for a larger quota or for callbacks.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Item
from ovs.models import PartnerPost
from ovs.tracking.adapters import adapter_for

MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class Coverage:
    """One partner's polling capacity against its items in flight."""

    partner_id: int
    code: str
    in_flight: int
    by_callback: int
    polls_per_day: float
    polls_per_item_per_day: float | None
    hours_between_polls: float | None
    enough: bool


def capacity_per_day(requests_per_minute: float, batch_size: int) -> float:
    """Items a partner lets us ask about in a day."""
    return requests_per_minute * MINUTES_A_DAY * batch_size


def coverage(session) -> list[Coverage]:
    """Polling coverage of every active partner, for the partner-health page."""
    in_flight = dict(
        session.execute(
            select(Item.partner_id, func.count())
            .where(
                Item.is_final.is_(False),
                Item.next_poll_at.is_not(None),
                Item.reported_by_callback.is_(False),
            )
            .group_by(Item.partner_id)
        ).all()
    )
    by_callback = dict(
        session.execute(
            select(Item.partner_id, func.count())
            .where(Item.is_final.is_(False), Item.reported_by_callback.is_(True))
            .group_by(Item.partner_id)
        ).all()
    )
    partners = session.scalars(
        select(PartnerPost).where(PartnerPost.active).order_by(PartnerPost.code)
    )
    return [_one(p, in_flight.get(p.id, 0), by_callback.get(p.id, 0)) for p in partners]


def _one(partner: PartnerPost, in_flight: int, by_callback: int) -> Coverage:
    if partner.pushes_events:
        per_day = 0.0
    else:
        adapter = adapter_for(partner)
        per_day = capacity_per_day(adapter.requests_per_minute, adapter.batch_size)
    per_item = per_day / in_flight if in_flight else None
    hours = 24 / per_item if per_item else None
    wanted = MINUTES_A_DAY / current_app.config["POLL_MAX_INTERVAL_MINUTES"]
    enough = in_flight == 0 or (per_item is not None and per_item >= wanted)
    return Coverage(
        partner.id,
        partner.code,
        in_flight,
        by_callback,
        per_day,
        per_item,
        hours,
        enough,
    )
