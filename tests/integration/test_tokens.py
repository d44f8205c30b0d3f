"""API tokens are shown once, stored hashed, scoped, expiring and revocable."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.integration import tokens
from ovs.models import AuditEntry
from tests import factories


def test_a_token_is_stored_only_as_its_hash_with_a_visible_prefix(session):
    token, raw = factories.api_token(session, scopes=["read:items"])
    assert raw.startswith("ovs_") and len(raw) > 40
    assert token.token_hash == tokens.hash_token(raw) != raw
    assert token.prefix == raw[:12]
    assert tokens.authenticate(session, raw) is token
    actions = session.scalars(select(AuditEntry.action)).all()
    assert "api_token.created" in actions


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "Give the token a name that says who uses it."),
        (
            {"scopes": []},
            "Give the token at least one scope: read:counts, read:items, "
            "read:personal, scan, partner.",
        ),
        (
            {"scopes": ["admin"]},
            "Unknown scope 'admin'; choose from: read:counts, read:items, "
            "read:personal, scan, partner.",
        ),
        (
            {"expires_days": 0},
            "The expiry must be between 1 and 3650 days; got 0.",
        ),
    ],
)
def test_bad_token_requests_say_what_to_fix(session, fields, message):
    values = {"name": "logistics", "scopes": ["read:items"], "actor": "test"}
    values.update(fields)
    with pytest.raises(InvalidInput) as caught:
        tokens.create_token(session, **values)
    assert caught.value.message == message


def test_an_unknown_mission_is_named(session):
    with pytest.raises(NotFound, match="No mission with the code 'XX'"):
        tokens.create_token(
            session, name="n", scopes=["scan"], mission_code="XX", actor="t"
        )


def test_revoked_and_expired_tokens_are_refused_with_the_reason(session):
    revoked, revoked_raw = factories.api_token(session)
    tokens.revoke_token(session, token_ref=revoked.prefix, actor="test")
    expiring, expiring_raw = factories.api_token(session, expires_days=1)
    later = expiring.expires_at + dt.timedelta(seconds=1)

    with pytest.raises(tokens.TokenRefused, match="was revoked on"):
        tokens.authenticate(session, revoked_raw)
    with pytest.raises(tokens.TokenRefused, match="expired on"):
        tokens.authenticate(session, expiring_raw, now=later)
    assert tokens.token_state(expiring, later) == "expired"


def test_last_use_is_written_at_most_once_a_minute(session):
    token, _ = factories.api_token(session)
    now = dt.datetime(2027, 1, 8, 9, tzinfo=dt.UTC)
    assert tokens.touch(session, token, now) is True
    assert tokens.touch(session, token, now + dt.timedelta(seconds=30)) is False
    assert tokens.touch(session, token, now + dt.timedelta(seconds=61)) is True
    session.expire(token)
    assert token.last_used_at == now + dt.timedelta(seconds=61)
