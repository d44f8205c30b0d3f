"""Dispatch batches of a mission: the list and one batch."""

from flask import render_template
from sqlalchemy import select

from ovs.extensions import db
from ovs.models import DispatchBatch
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import url_mission


@bp.get("/missions/<int:mission_id>/batches")
@staff_required()
def batch_list(mission_id):
    """List the mission's dispatch batches, newest first."""
    mission = url_mission(mission_id)
    batches = db.session.scalars(
        select(DispatchBatch)
        .where(DispatchBatch.mission_id == mission.id)
        .order_by(DispatchBatch.id.desc())
    )
    return render_template("staff/batches.html", mission=mission, batches=batches)


@bp.get("/missions/<int:mission_id>/batches/<int:batch_id>")
@staff_required()
def batch_detail(mission_id, batch_id):
    """Show one dispatch batch."""
    mission = url_mission(mission_id)
    batch = scope.batch(db.session, mission, batch_id)
    return render_template("staff/batch.html", mission=mission, batch=batch)
