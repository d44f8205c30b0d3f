"""Items that need a person's eyes: at risk of missing the deadline, or overdue."""

from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Item
from ovs.models.base import utcnow

LIMIT = 50


def _scoped(statement, mission_ids):
    if mission_ids is not None:
        statement = statement.where(Item.mission_id.in_(mission_ids))
    return statement


def at_risk(session, mission_ids, limit: int = LIMIT) -> tuple[int, list[Item]]:
    """How many open items are flagged at risk, and the first ``limit`` of them."""
    # Written as "= true/false" so PostgreSQL matches the partial indexes.
    where = (Item.at_risk == True, Item.is_final == False)  # noqa: E712
    total = session.scalar(
        _scoped(select(func.count()).select_from(Item).where(*where), mission_ids)
    )
    rows = session.scalars(
        _scoped(select(Item).where(*where), mission_ids)
        .order_by(Item.expected_p90_at, Item.id)
        .limit(limit)
    )
    return total, list(rows)


def overdue(session, mission_ids, limit: int = LIMIT) -> list[Item]:
    """Open items past the lane's 90th-percentile arrival, oldest first."""
    rows = session.scalars(
        _scoped(
            select(Item).where(
                Item.is_final == False,  # noqa: E712
                Item.expected_p90_at < utcnow(),
            ),
            mission_ids,
        )
        .order_by(Item.expected_p90_at)
        .limit(limit)
    )
    return list(rows)
