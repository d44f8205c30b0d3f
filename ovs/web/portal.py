"""The public voter portal: find my ballot, see it both ways, hear about changes."""

from flask import Blueprint
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import refresh

from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.extensions import csrf
from ovs.extensions import db
from ovs.notify import subscriptions
from ovs.portal import journey
from ovs.portal import lookup
from ovs.portal import reference
from ovs.web.access import public

bp = Blueprint("portal", __name__)

FIELDS = {
    "registry": ("registry_number", "date_of_birth"),
    "tracking": ("tracking_number", "postcode"),
}
MODES = tuple(FIELDS)
SESSION_KEY = "portal_ref"


@bp.get("/")
@public
def index():
    """Show the portal's welcome page."""
    return render_template("portal/index.html")


@bp.get("/track")
@public
def track():
    """Show the two ways to look a ballot up."""
    return render_template("portal/track.html", errors=[], field_errors={}, values={})


@bp.post("/track")
@public
def track_lookup():
    """Find the ballot named by the form's two facts and open its page."""
    mode = request.form.get("mode")
    mode = mode if mode in MODES else "registry"
    # Typed values go back into the form, cut short; the template escapes them.
    values = {name: (request.form.get(name) or "")[:64] for name in FIELDS[mode]}
    try:
        voter_id = lookup.find_voter(
            db.session,
            mode,
            request.form,
            request.remote_addr or "unknown",
            lookup.Limits.from_config(current_app.config),
            current_app.config["SECRET_KEY"],
        )
    except lookup.FormInvalid as invalid:
        errors = [(e.field, e.message) for e in invalid.errors]
        return _track_again(mode, errors, values, 400)
    except lookup.TooManyAttempts as limited:
        db.session.commit()
        return _track_again(mode, [("", limited.message)], values, 429)
    except NotFound as missing:
        db.session.commit()
        return _track_again(mode, [("", missing.message)], values, 404)
    db.session.commit()
    session[SESSION_KEY] = reference.issue(current_app.config["SECRET_KEY"], voter_id)
    return redirect(url_for("portal.ballot"), code=303)


def _track_again(mode, errors, values, status):
    page = render_template(
        "portal/track.html",
        errors=errors,
        field_errors={name: message for name, message in errors if name},
        values=values,
    )
    return page, status


def _current_voter() -> int | None:
    minutes = current_app.config["PORTAL_REFERENCE_MINUTES"]
    return reference.read(
        current_app.config["SECRET_KEY"], session.get(SESSION_KEY), minutes * 60
    )


@bp.get("/ballot")
@public
def ballot():
    """Show the found voter's ballot, both ways, and what to do now."""
    voter_id = _current_voter()
    story = journey.load(db.session, voter_id) if voter_id else None
    if story is None:
        session.pop(SESSION_KEY, None)
        return redirect(url_for("portal.track", expired=1), code=303)
    _speak(story.language)
    return render_template("portal/ballot.html", journey=story, error=None)


@bp.post("/ballot/subscribe")
@public
def subscribe():
    """Ask to hear about the ballot by email; a confirmation link is sent first."""
    voter_id = _current_voter()
    story = journey.load(db.session, voter_id) if voter_id else None
    if story is None:
        return redirect(url_for("portal.track", expired=1), code=303)
    _speak(story.language)
    try:
        address = subscriptions.email_address(request.form.get("email"))
    except InvalidInput as invalid:
        page = render_template(
            "portal/ballot.html", journey=story, error=invalid.message
        )
        return page, 400
    subscriptions.subscribe(
        db.session,
        current_app.config["SECRET_KEY"],
        voter_id,
        "email",
        address,
        _page_language(),
    )
    db.session.commit()
    return render_template("portal/subscribed.html")


def _speak(language: str) -> None:
    """Let the voter's own language decide the page unless they switched."""
    g.voter_language = language
    # The language may have been settled earlier in this context; ask again.
    refresh()


def _page_language() -> str:
    return str(get_locale())


@bp.post("/ballot/forget")
@public
def forget():
    """Close the ballot page on this device."""
    session.pop(SESSION_KEY, None)
    return redirect(url_for("portal.track"), code=303)


@bp.get("/notify/confirm/<token>")
@public
def confirm(token):
    """Turn on updates from the link in the confirmation message."""
    subscription = subscriptions.confirm(db.session, token)
    db.session.commit()
    _speak(subscription.language)
    return render_template("portal/notify_done.html", done="confirmed")


@bp.route("/notify/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
@public
def unsubscribe(token):
    """Stop updates in one click, from the link or the mail client's button."""
    subscription = subscriptions.unsubscribe(db.session, token)
    db.session.commit()
    _speak(subscription.language)
    if request.method == "POST":
        return "", 204
    return render_template("portal/notify_done.html", done="unsubscribed")


@bp.app_template_global()
def page_title(text: str) -> str:
    """A page title with the portal's name after it."""
    return f"{text} · {_('Overseas postal vote')}"
