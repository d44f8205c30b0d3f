"""Writing and verifying the append-only, hash-chained audit log."""

import hashlib
import json

from sqlalchemy import select
from sqlalchemy import text

from ovs.models import AuditEntry
from ovs.models.base import utcnow

GENESIS = "0" * 64


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    body = json.dumps(
        {
            "prev": prev_hash,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "mission_id": entry.mission_id,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "details": entry.details,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _lock_chain(session) -> None:
    # Two writers must not both chain onto the same last entry; on PostgreSQL a
    # transaction-scoped advisory lock orders them. SQLite has one writer anyway.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7401)"))


def record(
    session,
    *,
    actor: str,
    action: str,
    object_type: str | None = None,
    object_id=None,
    mission_id: int | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, chained to the entry before it."""
    _lock_chain(session)
    prev_hash = session.scalar(
        select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    )
    entry = AuditEntry(
        at=utcnow().replace(microsecond=0),
        actor=actor,
        action=action,
        mission_id=mission_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=details or {},
        prev_hash=prev_hash or GENESIS,
    )
    entry.entry_hash = _digest(entry.prev_hash, entry)
    session.add(entry)
    session.flush()
    return entry


def first_broken_link(session) -> AuditEntry | None:
    """The first entry whose hash or link does not hold, or None for a sound chain."""
    expected_prev = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != expected_prev or entry.entry_hash != _digest(
            entry.prev_hash, entry
        ):
            return entry
        expected_prev = entry.entry_hash
    return None
