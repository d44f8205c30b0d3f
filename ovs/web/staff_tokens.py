"""Staff page for administrators: create, list and revoke API tokens."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from ovs.errors import OvsError
from ovs.extensions import db
from ovs.integration import tokens
from ovs.integration.tokens import Scope
from ovs.models import Mission
from ovs.postal.status import Role
from ovs.web.access import staff_required

bp = Blueprint("staff_tokens", __name__)


def _page(status: int = 200, **context):
    missions = db.session.scalars(select(Mission).order_by(Mission.code)).all()
    return (
        render_template(
            "staff_tokens/index.html",
            tokens=tokens.list_tokens(db.session),
            token_state=tokens.token_state,
            scopes=[s.value for s in Scope],
            missions=missions,
            mission_codes={m.id: m.code for m in missions},
            **context,
        ),
        status,
    )


@bp.get("/")
@staff_required(Role.ADMIN, write=True)
def index():
    """Show every API token with its scopes, state and last use."""
    return _page()


@bp.post("/")
@staff_required(Role.ADMIN, write=True)
def create():
    """Create a token and show it this once."""
    form = request.form
    expires = form.get("expires_days", "").strip()
    try:
        if expires and not expires.isdigit():
            raise OvsError(f"Expiry must be a whole number of days; got {expires!r}.")
        token, raw = tokens.create_token(
            db.session,
            name=form.get("name", ""),
            scopes=form.getlist("scope"),
            mission_code=form.get("mission") or None,
            expires_days=int(expires) if expires else None,
            actor=f"staff:{current_user.id}",
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(400, form=form)
    db.session.commit()
    return _page(201, created=token, raw_token=raw)


@bp.post("/<int:token_id>/revoke")
@staff_required(Role.ADMIN, write=True)
def revoke(token_id):
    """Revoke one token."""
    token = tokens.revoke_token(
        db.session, token_ref=str(token_id), actor=f"staff:{current_user.id}"
    )
    db.session.commit()
    flash(f"Revoked token {token.prefix}... ({token.name}).", "ok")
    return redirect(url_for("staff_tokens.index"))
