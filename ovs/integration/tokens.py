"""API tokens: created once, stored as a hash, scoped, expiring and revocable."""

import datetime as dt
import enum
import hashlib
import secrets

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update

from ovs import audit
from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.errors import OvsError
from ovs.models import ApiToken
from ovs.models import Mission
from ovs.models.base import utcnow

log = logs.get(__name__)

TOKEN_PREFIX = "ovs_"  # noqa: S105 - a label, not a secret
PREFIX_LENGTH = 12
MAX_EXPIRY_DAYS = 3650
# Writing last use on every call would turn each read into a write.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


class Scope(enum.StrEnum):
    """What a token allows."""

    READ_COUNTS = "read:counts"
    READ_ITEMS = "read:items"
    READ_PERSONAL = "read:personal"
    SCAN = "scan"
    PARTNER = "partner"


class TokenRefused(OvsError):
    """A request whose token is missing, unknown, revoked or expired."""

    http_status = 401
    code = "unauthorized"


def hash_token(raw: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    session,
    *,
    name: str,
    scopes: list[str],
    actor: str,
    mission_code: str | None = None,
    expires_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; return it with the secret, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("Give the token a name that says who uses it.")
    scopes = _checked_scopes(scopes)
    mission = _mission(session, mission_code)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name[:120],
        token_hash=hash_token(raw),
        prefix=raw[:PREFIX_LENGTH],
        scopes=scopes,
        mission_id=mission.id if mission else None,
        created_by=actor,
        expires_at=_expiry(expires_days),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="api_token.created",
        object_type="api_token",
        object_id=token.id,
        mission_id=token.mission_id,
        details={"prefix": token.prefix, "scopes": scopes, "name": token.name},
    )
    log.info("api_token.created", token_id=token.id, scopes=scopes)
    return token, raw


def revoke_token(session, *, token_ref: str, actor: str) -> ApiToken:
    """Revoke a token given by id or visible prefix; revoking twice is harmless."""
    token = find_token(session, token_ref)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            session,
            actor=actor,
            action="api_token.revoked",
            object_type="api_token",
            object_id=token.id,
            mission_id=token.mission_id,
            details={"prefix": token.prefix},
        )
        log.info("api_token.revoked", token_id=token.id)
    return token


def find_token(session, token_ref: str) -> ApiToken:
    """One token by its id or its visible prefix."""
    ref = str(token_ref).strip()
    condition = ApiToken.prefix == ref
    if ref.isdigit():
        condition = or_(condition, ApiToken.id == int(ref))
    token = session.scalar(select(ApiToken).where(condition))
    if token is None:
        raise NotFound(
            f"No API token with id or prefix {ref!r}; "
            "list them with: flask --app ovs token list"
        )
    return token


def list_tokens(session) -> list[ApiToken]:
    """Every token, newest first."""
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """'active', 'revoked' or 'expired'."""
    now = now or utcnow()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def authenticate(session, raw: str | None, now: dt.datetime | None = None):
    """The live token for a raw bearer value, or ``TokenRefused`` saying why not."""
    now = now or utcnow()
    if not raw:
        raise TokenRefused(
            "Send an API token in the Authorization header: "
            "'Authorization: Bearer <token>'."
        )
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(raw))
    )
    if token is None:
        raise TokenRefused(
            "The API token is not recognised. Check it was copied whole, "
            "or ask an administrator for a new one."
        )
    state = token_state(token, now)
    if state == "revoked":
        raise TokenRefused(
            f"The API token {token.prefix}... was revoked on "
            f"{token.revoked_at:%Y-%m-%d}; ask an administrator for a new one."
        )
    if state == "expired":
        raise TokenRefused(
            f"The API token {token.prefix}... expired on "
            f"{token.expires_at:%Y-%m-%d}; ask an administrator for a new one."
        )
    return token


def touch(session, token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Record the token's use at most once a minute; True when a write was made."""
    now = now or utcnow()
    stale_before = now - LAST_USE_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale_before:
        return False
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id)
        .where(
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= stale_before)
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    token.last_used_at = now
    return bool(result.rowcount)


def _checked_scopes(scopes: list[str]) -> list[str]:
    allowed = [s.value for s in Scope]
    if not scopes:
        raise InvalidInput(f"Give the token at least one scope: {', '.join(allowed)}.")
    unknown = [s for s in scopes if s not in allowed]
    if unknown:
        raise InvalidInput(
            f"Unknown scope {unknown[0]!r}; choose from: {', '.join(allowed)}."
        )
    return sorted(set(scopes), key=allowed.index)


def _mission(session, code: str | None) -> Mission | None:
    if not code:
        return None
    mission = session.scalar(select(Mission).where(Mission.code == code.strip()))
    if mission is None:
        raise NotFound(
            f"No mission with the code {code!r}; "
            "list them with: flask --app ovs missions"
        )
    return mission


def _expiry(days: int | None) -> dt.datetime | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InvalidInput(
            f"The expiry must be between 1 and {MAX_EXPIRY_DAYS} days; got {days}."
        )
    return utcnow() + dt.timedelta(days=days)
