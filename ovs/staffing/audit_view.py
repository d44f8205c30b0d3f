"""Reading the audit trail: pages of entries a user may see, and the chain check."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select

from ovs import audit
from ovs.models import AuditEntry

PER_PAGE = 100


@dataclass(frozen=True)
class Verdict:
    """The result of checking the chain, in words."""

    ok: bool
    entries: int
    message: str
    broken_id: int | None = None


def entries(session, mission_ids, before: int | None = None, action: str = ""):
    """Up to PER_PAGE entries, newest first, older than ``before``."""
    statement = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PER_PAGE)
    if mission_ids is not None:
        statement = statement.where(AuditEntry.mission_id.in_(mission_ids))
    if before:
        statement = statement.where(AuditEntry.id < before)
    if action:
        statement = statement.where(AuditEntry.action.startswith(action))
    return list(session.scalars(statement))


def verify(session) -> Verdict:
    """Check every link of the chain and name the first one that does not hold."""
    total = session.scalar(select(func.count()).select_from(AuditEntry))
    broken = audit.first_broken_link(session)
    if broken is None:
        return Verdict(True, total, f"The audit chain holds: {total} entries checked.")
    return Verdict(
        False,
        total,
        f"The audit chain is broken at entry {broken.id} ({broken.action} by "
        f"{broken.actor} at {broken.at:%Y-%m-%d %H:%M:%S} UTC): it was changed or "
        "removed after it was written. Entries from there on cannot be trusted.",
        broken.id,
    )
