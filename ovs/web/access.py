"""Who may use each view: every view declares it, and start-up checks none is open.

A view is wrapped by exactly one of ``public``, ``staff_required``,
``api_token_required`` or ``partner_signed``. ``check_all_declared`` runs when the
app is built and refuses to start while any view lacks a declaration, so a new
page cannot be left open by accident.
"""

import functools

from flask import Flask
from flask import abort
from flask import redirect
from flask import request
from flask import url_for
from flask_login import current_user

from ovs.postal.status import Role

ACCESS_ATTR = "ovs_access"


class AccessNotDeclared(RuntimeError):
    """A view was registered without an access declaration."""


def _declare(view, kind: str):
    setattr(view, ACCESS_ATTR, kind)
    return view


def public(view):
    """Mark a view as open to anyone: the portal, health, sign-in."""
    return _declare(view, "public")


def staff_required(*roles: Role, write: bool = False):
    """Require a signed-in staff user with one of ``roles`` (any role if none)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("staff.login", next=request.full_path))
            if roles and current_user.role not in roles:
                abort(403, "Your role does not allow this page.")
            if write and current_user.read_only:
                abort(403, "Observers have read-only access.")
            return view(*args, **kwargs)

        return _declare(wrapped, "staff")

    return decorator


def declared_elsewhere(kind: str):
    """Mark a view guarded by its own mechanism (API tokens, signatures)."""

    def decorator(view):
        return _declare(view, kind)

    return decorator


def check_all_declared(app: Flask) -> None:
    """Refuse to start when any view has no access declaration."""
    open_views = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static"
        and not endpoint.endswith(".static")
        and not hasattr(view, ACCESS_ATTR)
    ]
    if open_views:
        raise AccessNotDeclared(
            "These views declare no access rule: " + ", ".join(sorted(open_views))
        )
