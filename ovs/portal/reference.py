"""The short-lived signed reference that carries a found voter to the ballot page.

It lives in the session cookie, so no registry number or id ever appears in a
URL, and it stops working after ``PORTAL_REFERENCE_MINUTES``.
"""

from itsdangerous import BadSignature
from itsdangerous import URLSafeTimedSerializer

SALT = "ovs.portal.ballot-reference"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def issue(secret: str, voter_id: int) -> str:
    """A signed, timestamped reference to one voter."""
    return _serializer(secret).dumps({"v": voter_id})


def read(secret: str, token: str | None, max_age_seconds: int) -> int | None:
    """The voter id in a reference, or None when missing, forged or expired."""
    if not token:
        return None
    try:
        data = _serializer(secret).loads(token, max_age=max_age_seconds)
    except BadSignature:
        return None
    voter_id = data.get("v") if isinstance(data, dict) else None
    return voter_id if isinstance(voter_id, int) else None
