"""The staff home page: the missions the user may open."""

from flask import render_template
from flask_login import current_user

from ovs.extensions import db
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp


@bp.get("/")
@staff_required()
def home():
    """Show the missions this user may open."""
    return render_template(
        "staff/home.html", missions=scope.missions(db.session, current_user)
    )
