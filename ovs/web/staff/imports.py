"""Voter import: the upload form, handed to the import service, and its report."""

from flask import flash
from flask import render_template
from flask import request

from ovs import logs
from ovs.dispatch.voter_import import import_voters
from ovs.errors import InvalidInput
from ovs.errors import OvsError
from ovs.extensions import db
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import actor
from ovs.web.staff.helpers import url_mission

log = logs.get(__name__)


def check_form_mission(mission, raw) -> None:
    """Refuse a form that names a mission other than the one in the page's URL."""
    if str(raw or "") != str(mission.id):
        log.warning(
            "staff.form_mission_refused",
            mission_id=mission.id,
            form_mission=str(raw)[:20],
        )
        raise InvalidInput(
            "This form names a different mission from the page it was sent from. "
            "Reload the page and send the form again."
        )


@bp.route(
    "/missions/<int:mission_id>/import",
    methods=["GET", "POST"],
    endpoint="import_voters",
)
@staff_required(write=True)
def import_voters_page(mission_id):
    """Show the upload form; import an uploaded voter list and show its report."""
    mission = url_mission(mission_id)
    if request.method == "GET":
        return render_template("staff/import.html", mission=mission, report=None)
    check_form_mission(mission, request.form.get("mission_id"))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose a voter list file (CSV or XLSX) to upload.", "error")
        return render_template("staff/import.html", mission=mission, report=None), 400
    try:
        report = import_voters(
            db.session,
            mission,
            upload.stream,
            upload.filename,
            good_rows_only=request.form.get("good_rows_only") == "yes",
            actor=actor(),
            progress=None,
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("staff/import.html", mission=mission, report=None), (
            exc.http_status
        )
    db.session.commit()
    return render_template("staff/import.html", mission=mission, report=report)
