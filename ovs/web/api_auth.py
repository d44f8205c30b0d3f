"""Bearer-token access for the JSON API: who is calling, and with which scopes."""

import functools

from flask import g
from flask import request

from ovs.errors import PermissionDenied
from ovs.extensions import db
from ovs.integration.reads import Viewer
from ovs.integration.tokens import Scope
from ovs.integration.tokens import authenticate
from ovs.integration.tokens import touch
from ovs.web.access import declared_elsewhere


def bearer_value() -> str | None:
    """The token in the Authorization header, if it is a bearer token."""
    header = request.headers.get("Authorization", "")
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer":
        return None
    return value.strip() or None


def token_required(scope: str):
    """Require an API token holding ``scope``; the token is then ``g.api_token``."""

    scope = str(scope)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            token = authenticate(db.session, bearer_value())
            if scope not in token.scopes:
                held = ", ".join(token.scopes) or "none"
                raise PermissionDenied(
                    f"This call needs the scope {scope!r}; this token has: {held}. "
                    "Ask an administrator for a token with that scope."
                )
            if touch(db.session, token):
                db.session.commit()
            g.api_token = token
            return view(*args, **kwargs)

        return declared_elsewhere("token")(wrapped)

    return decorator


def current_viewer() -> Viewer:
    """What the calling token may see: its mission, and personal data or not."""
    token = g.api_token
    return Viewer(
        mission_id=token.mission_id,
        personal=Scope.READ_PERSONAL.value in token.scopes,
    )
