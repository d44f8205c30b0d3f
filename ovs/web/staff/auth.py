"""Sign-in with a password and, where required, a TOTP code; enrolment; sign-out."""

from urllib.parse import urlsplit

from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user

from ovs import logs
from ovs.extensions import db
from ovs.models import StaffUser
from ovs.staffing import signin
from ovs.staffing import totp
from ovs.staffing.signin import SignInRefused
from ovs.web.access import public
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp

log = logs.get(__name__)

PENDING = "pending_staff_id"
PENDING_SECRET = "pending_totp_secret"  # noqa: S105 - a session key name


def _policy() -> signin.Policy:
    config = current_app.config
    return signin.Policy(config["LOGIN_MAX_FAILURES"], config["LOGIN_LOCKOUT_MINUTES"])


def _safe_next() -> str:
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/staff"):
        return url_for("staff.home")
    return target


def _refused(template: str, exc: SignInRefused, **context):
    # A failed attempt counts even though the page is answered with an error.
    db.session.commit()
    flash(exc.message, "error")
    return render_template(template, **context), 401


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the sign-in form and check the email and password."""
    if request.method == "GET":
        return render_template("staff/login.html", next=request.args.get("next"))
    email = request.form.get("email", "")
    try:
        user = signin.check_password(
            db.session, email, request.form.get("password", ""), _policy()
        )
    except SignInRefused as exc:
        return _refused("staff/login.html", exc, email=email, next=_safe_next())
    session.pop(PENDING_SECRET, None)
    session[PENDING] = user.id
    if not signin.needs_second_factor(db.session, user):
        return _complete(user)
    if user.totp_enabled:
        return redirect(url_for("staff.login_code", next=_safe_next()))
    return redirect(url_for("staff.login_enrol", next=_safe_next()))


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """Ask for the TOTP code of a user whose password was right."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.login"))
    if request.method == "GET":
        return render_template("staff/login_code.html", next=_safe_next())
    try:
        signin.check_code(db.session, user, request.form.get("code", ""), _policy())
    except SignInRefused as exc:
        return _refused("staff/login_code.html", exc, next=_safe_next())
    return _complete(user)


@bp.route("/login/enrol", methods=["GET", "POST"])
@public
def login_enrol():
    """Set up the second factor a user's role requires before the first sign-in."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.login"))
    secret = session.setdefault(PENDING_SECRET, totp.new_secret())
    if request.method == "POST":
        try:
            signin.enrol(db.session, user, secret, request.form.get("code", ""))
        except SignInRefused as exc:
            return _refused(
                "staff/enrol.html", exc, **_enrol_context(user, secret), signed_in=False
            )
        return _complete(user)
    return render_template(
        "staff/enrol.html", **_enrol_context(user, secret), signed_in=False
    )


@bp.route("/account/second-factor", methods=["GET", "POST"])
@staff_required()
def account_totp():
    """Let a signed-in user turn on (or renew) their second factor."""
    secret = session.setdefault(PENDING_SECRET, totp.new_secret())
    if request.method == "POST":
        try:
            signin.enrol(db.session, current_user, secret, request.form.get("code", ""))
        except SignInRefused as exc:
            return _refused(
                "staff/enrol.html",
                exc,
                **_enrol_context(current_user, secret),
                signed_in=True,
            )
        session.pop(PENDING_SECRET, None)
        db.session.commit()
        flash("Your second factor is on: sign-in now asks for a code.", "info")
        return redirect(url_for("staff.home"))
    return render_template(
        "staff/enrol.html", **_enrol_context(current_user, secret), signed_in=True
    )


@bp.post("/logout")
@staff_required()
def logout():
    """Sign the current user out."""
    log.info("staff.logout", staff_id=current_user.id)
    logout_user()
    reset_session()
    return redirect(url_for("staff.login"))


def reset_session() -> None:
    """Forget everything in the session, including the cached CSRF token."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _pending_user() -> StaffUser | None:
    staff_id = session.get(PENDING)
    user = db.session.get(StaffUser, staff_id) if staff_id else None
    return user if user is not None and user.active else None


def _enrol_context(user: StaffUser, secret: str) -> dict:
    uri = totp.provisioning_uri(secret, user.email)
    return {"secret": secret, "uri": uri, "qr_svg": totp.qr_svg(uri)}


def _complete(user: StaffUser):
    signin.succeed(db.session, user)
    db.session.commit()
    target = _safe_next()
    reset_session()
    login_user(user)
    session.permanent = True
    return redirect(target)
