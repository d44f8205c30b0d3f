"""The audit log chains every entry to the one before and refuses changes."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from ovs import audit


def test_a_sound_chain_has_no_broken_link(session):
    for n in range(3):
        audit.record(session, actor="cli:test", action="test.step", details={"n": n})
    assert audit.first_broken_link(session) is None


def test_rows_cannot_be_changed_in_place(session):
    entry = audit.record(session, actor="cli:test", action="test.step")
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(
            text("UPDATE audit_entry SET actor = 'x' WHERE id = :id"), {"id": entry.id}
        )
