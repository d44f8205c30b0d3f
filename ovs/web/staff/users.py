"""Staff users: administrators create users and change roles and access."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select

from ovs.accounts import create_staff
from ovs.errors import OvsError
from ovs.extensions import db
from ovs.models import Mission
from ovs.postal.status import Role
from ovs.staffing import users as user_rules
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import actor


def _page(status: int = 200):
    missions = db.session.scalars(select(Mission).order_by(Mission.name)).all()
    return (
        render_template(
            "staff/users.html",
            users=user_rules.listing(db.session),
            missions=missions,
            mission_names={m.id: m.name for m in missions},
            roles=[r.value for r in Role],
        ),
        status,
    )


@bp.get("/users")
@staff_required(Role.ADMIN)
def users():
    """List staff users with their roles and the forms to change them."""
    return _page()


@bp.post("/users")
@staff_required(Role.ADMIN, write=True)
def user_create():
    """Create a staff user."""
    form = request.form
    mission = db.session.get(Mission, form.get("mission_id", type=int) or 0)
    try:
        user = create_staff(
            db.session,
            email=form.get("email", ""),
            name=form.get("name", ""),
            password=form.get("password", ""),
            role=form.get("role", ""),
            mission_code=mission.code if mission else None,
            actor=actor(),
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(exc.http_status)
    db.session.commit()
    flash(f"Created staff user {user.id} as {user.role}.", "info")
    return redirect(url_for("staff.users"))


@bp.post("/users/<int:user_id>")
@staff_required(Role.ADMIN, write=True)
def user_change(user_id):
    """Change one user's role, mission or access."""
    user = user_rules.get(db.session, user_id)
    try:
        message = user_rules.change(
            db.session,
            user,
            request.form.get("action", ""),
            request.form,
            actor=actor(),
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(exc.http_status)
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("staff.users"))
