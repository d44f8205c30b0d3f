"""What every staff request passes: idle expiry, and refusals answered in words."""

import time

from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from ovs import logs
from ovs.web.errors import error_response
from ovs.web.staff.auth import reset_session
from ovs.web.staff.blueprint import bp

log = logs.get(__name__)

# Requests that do not count as activity: the live stream reconnects by itself.
PASSIVE_ENDPOINTS = {"staff.dashboard_stream"}


@bp.before_request
def expire_idle_session():
    """Sign out a user idle longer than SESSION_LIFETIME_MINUTES."""
    if not current_user.is_authenticated:
        return None
    minutes = current_app.config["SESSION_LIFETIME_MINUTES"]
    now = time.time()
    seen = session.get("seen_at")
    if seen is not None and now - seen > minutes * 60:
        log.warning("staff.session_expired", staff_id=current_user.id)
        logout_user()
        reset_session()
        flash(
            f"Your session expired after {minutes} minutes without activity. "
            "Sign in again.",
            "error",
        )
        if request.method == "GET" and request.endpoint not in PASSIVE_ENDPOINTS:
            return redirect(url_for("staff.login", next=request.full_path))
        return redirect(url_for("staff.login"))
    if request.endpoint not in PASSIVE_ENDPOINTS:
        session["seen_at"] = now
        session.permanent = True
    return None


@bp.errorhandler(CSRFError)
def refuse_forged_form(exc):
    """Answer a form whose CSRF token is missing, forged or stale."""
    log.warning(
        "staff.csrf_refused",
        staff_id=getattr(current_user, "id", None),
        endpoint=request.endpoint,
    )
    return error_response(
        400,
        "csrf_failed",
        "This form could not be accepted: its security token is missing or not "
        "from this site. Reload the page and send the form again.",
    )


@bp.errorhandler(RequestEntityTooLarge)
def refuse_oversized_upload(exc):
    """Answer an upload over MAX_UPLOAD_MB."""
    limit = current_app.config["MAX_UPLOAD_MB"]
    log.warning(
        "staff.upload_refused",
        staff_id=getattr(current_user, "id", None),
        endpoint=request.endpoint,
        reason="too_large",
    )
    return error_response(
        413,
        "too_large",
        f"The file is larger than the {limit} MB limit. Split the list into "
        "smaller files and upload each one.",
    )
