"""The audit trail page and its chain check; observers may read both."""

from flask import render_template
from flask import request
from flask_login import current_user

from ovs import logs
from ovs.extensions import db
from ovs.staffing import audit_view
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import csv_response

log = logs.get(__name__)


@bp.get("/audit")
@staff_required()
def audit_log():
    """Show the audit trail, newest first, limited to the user's missions."""
    rows = audit_view.entries(
        db.session,
        scope.visible_mission_ids(current_user),
        before=request.args.get("before", type=int),
        action=request.args.get("action", ""),
    )
    return render_template("staff/audit.html", rows=rows, verdict=None)


@bp.get("/audit.csv")
@staff_required()
def audit_csv():
    """Download the page of the audit trail as CSV."""
    rows = audit_view.entries(
        db.session,
        scope.visible_mission_ids(current_user),
        before=request.args.get("before", type=int),
        action=request.args.get("action", ""),
    )
    return csv_response(
        "ovs-audit.csv",
        ["id", "at", "actor", "action", "mission_id", "object", "details", "hash"],
        [
            (
                e.id,
                e.at.isoformat(),
                e.actor,
                e.action,
                e.mission_id,
                f"{e.object_type or ''}:{e.object_id or ''}",
                e.details,
                e.entry_hash,
            )
            for e in rows
        ],
    )


@bp.get("/audit/verify")
@staff_required()
def audit_verify():
    """Check the whole hash chain and name the first broken link."""
    verdict = audit_view.verify(db.session)
    log.info(
        "audit.verified",
        staff_id=current_user.id,
        ok=verdict.ok,
        broken_id=verdict.broken_id,
    )
    rows = audit_view.entries(db.session, scope.visible_mission_ids(current_user))
    status = 200 if verdict.ok else 409
    return render_template("staff/audit.html", rows=rows, verdict=verdict), status
