"""The mission's scan page: returned envelopes scanned with a barcode scanner."""

from flask import Blueprint
from flask import abort
from flask import jsonify
from flask import render_template
from flask import request
from flask_login import current_user
from sqlalchemy import select

from ovs.extensions import db
from ovs.models import Mission
from ovs.postal.status import Role
from ovs.tracking import scan as scanning
from ovs.web.access import staff_required

bp = Blueprint("scan", __name__)

SCAN_ROLES = (Role.ADMIN, Role.CENTRAL, Role.MISSION)


def _mission(code: str) -> Mission:
    mission = db.session.scalar(select(Mission).where(Mission.code == code))
    # Another mission's page is simply not there for mission staff.
    if mission is None or not current_user.may_see_mission(mission.id):
        abort(404, f"No mission has the code {code!r}.")
    return mission


@bp.get("/missions/<code>/scan")
@staff_required(*SCAN_ROLES, write=True)
def page(code: str):
    """Show the scan form, ready for the barcode scanner."""
    return render_template("scan/scan.html", mission=_mission(code), result=None)


@bp.post("/missions/<code>/scan")
@staff_required(*SCAN_ROLES, write=True)
def record(code: str):
    """Record one scanned envelope and show what it means."""
    mission = _mission(code)
    number = request.form.get("number", "").strip()
    if not number:
        abort(400, "Scan or type a tracking number.")
    actor = f"staff:{current_user.id}"
    result = scanning.scan(db.session, number, mission, actor)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            outcome=result.outcome.value,
            tracking_number=result.tracking_number,
            message=result.message,
        )
    return render_template("scan/scan.html", mission=mission, result=result)
