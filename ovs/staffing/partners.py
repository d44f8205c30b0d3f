"""Partner posts' health as staff read it: successes, errors, circuit, coverage."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Item
from ovs.models import PartnerPost
from ovs.models import TrackingEvent
from ovs.models.base import utcnow
from ovs.tracking.coverage import Coverage
from ovs.tracking.coverage import coverage

COVERAGE_WINDOW = dt.timedelta(hours=24)


@dataclass
class Health:
    """One partner's health line."""

    partner: PartnerPost
    error_rate: float | None
    circuit: str
    open_items: int
    polled_recently: int
    unmapped: list[tuple[str, int]]
    capacity: Coverage | None = None

    @property
    def coverage(self) -> float | None:
        """Share of open items asked about in the last day (None when none open)."""
        if self.partner.pushes_events or not self.open_items:
            return None
        return self.polled_recently / self.open_items


def health(session) -> list[Health]:
    """Every partner post's health, by name."""
    now = utcnow()
    open_items = dict(_open_counts(session, None))
    recent = dict(_open_counts(session, now - COVERAGE_WINDOW))
    unmapped = _unmapped(session)
    capacity = {c.partner_id: c for c in coverage(session)}
    lines = []
    for partner in session.scalars(select(PartnerPost).order_by(PartnerPost.name)):
        total = partner.requests_total or 0
        lines.append(
            Health(
                partner=partner,
                error_rate=(partner.failures_total / total) if total else None,
                circuit=_circuit(partner, now),
                open_items=open_items.get(partner.id, 0),
                polled_recently=recent.get(partner.id, 0),
                unmapped=unmapped.get(partner.id, []),
                capacity=capacity.get(partner.id),
            )
        )
    return lines


def _circuit(partner: PartnerPost, now: dt.datetime) -> str:
    if partner.circuit_open_until and partner.circuit_open_until > now:
        return f"open until {partner.circuit_open_until:%Y-%m-%d %H:%M} UTC"
    if partner.backoff_until and partner.backoff_until > now:
        return f"backing off until {partner.backoff_until:%H:%M} UTC"
    return "closed"


def _open_counts(session, polled_since):
    statement = (
        select(Item.partner_id, func.count())
        .where(Item.is_final.is_(False))
        .group_by(Item.partner_id)
    )
    if polled_since is not None:
        statement = statement.where(Item.last_polled_at >= polled_since)
    return session.execute(statement).all()


def _unmapped(session) -> dict[int, list[tuple[str, int]]]:
    """The partner codes that map to no UPU event, per partner, most frequent first."""
    rows = session.execute(
        select(Item.partner_id, TrackingEvent.partner_code, func.count())
        .join(Item, Item.id == TrackingEvent.item_id)
        .where(TrackingEvent.code.is_(None))
        .group_by(Item.partner_id, TrackingEvent.partner_code)
        .order_by(func.count().desc())
    )
    found: dict[int, list] = {}
    for partner_id, code, count in rows:
        found.setdefault(partner_id, []).append((code or "(none)", count))
    return found
