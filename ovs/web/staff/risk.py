"""The address-risk review page: crowded addresses and lagging return lanes."""

from flask import current_app
from flask import render_template
from flask import request
from flask_login import current_user

from ovs.extensions import db
from ovs.staffing import risk as risk_rules
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import csv_response


def _review():
    missions = scope.missions(db.session, current_user)
    chosen = request.args.get("mission") or (missions[0].id if missions else None)
    mission = scope.mission(db.session, current_user, chosen) if chosen else None
    threshold = request.args.get(
        "threshold", current_app.config["RISK_VOTERS_PER_ADDRESS"], type=int
    )
    crowded = (
        risk_rules.crowded_addresses(db.session, (mission.id,), max(2, threshold))
        if mission
        else []
    )
    return missions, mission, max(2, threshold), crowded


@bp.get("/risk")
@staff_required()
def risk():
    """Show addresses shared by many voters and lanes whose returns lag."""
    missions, mission, threshold, crowded = _review()
    mission_ids = scope.visible_mission_ids(current_user)
    return render_template(
        "staff/risk.html",
        missions=missions,
        mission=mission,
        threshold=threshold,
        crowded=crowded,
        lanes=risk_rules.lagging_lanes(
            db.session, current_app.config["RISK_RETURN_LAG_DAYS"]
        ),
        overdue_returns=risk_rules.overdue_returns_by_partner(db.session, mission_ids),
    )


@bp.get("/risk.csv")
@staff_required()
def risk_csv():
    """Download the crowded addresses as CSV."""
    _, mission, _, crowded = _review()
    return csv_response(
        f"ovs-crowded-addresses-{mission.code if mission else 'none'}.csv",
        ["address_key", "voters", "voter_ids"],
        [(g.key, g.count, " ".join(map(str, g.voter_ids))) for g in crowded],
    )
