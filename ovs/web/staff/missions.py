"""A mission's pages: its home, voters, one voter, one item."""

from flask import render_template
from flask import request
from flask_login import current_user

from ovs.dashboard.figures import LABELS
from ovs.dashboard.figures import Scope
from ovs.dashboard.figures import by_status
from ovs.dashboard.figures import headline
from ovs.extensions import db
from ovs.postal.status import ItemStatus
from ovs.staffing import items
from ovs.staffing import scope
from ovs.staffing import voters
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import csv_response
from ovs.web.staff.helpers import optional_url
from ovs.web.staff.helpers import url_mission


@bp.get("/missions/<int:mission_id>/")
@staff_required()
def mission_home(mission_id):
    """Show a mission's figures and the ways into its work."""
    mission = url_mission(mission_id)
    figures = headline(by_status(db.session, Scope(mission_ids=(mission.id,))))
    return render_template(
        "staff/mission.html",
        mission=mission,
        figures=figures,
        labels=LABELS,
        scan_url=optional_url("scan.page", code=mission.code),
    )


def _filters() -> voters.Filters:
    args = request.args
    return voters.Filters(
        q=args.get("q", ""),
        country=args.get("country", ""),
        outbound_status=args.get("outbound_status", ""),
        return_status=args.get("return_status", ""),
        page=args.get("page", 1, type=int) or 1,
    )


@bp.get("/missions/<int:mission_id>/voters")
@staff_required()
def voter_list(mission_id):
    """List the mission's voters, searched, filtered and paged in the database."""
    mission = url_mission(mission_id)
    filters = _filters()
    page = voters.search(db.session, mission, filters)
    return render_template(
        "staff/voters.html",
        mission=mission,
        filters=filters,
        page=page,
        statuses=[s.value for s in ItemStatus],
    )


@bp.get("/missions/<int:mission_id>/voters.csv")
@staff_required()
def voter_list_csv(mission_id):
    """Download the filtered voter list's current page as CSV."""
    mission = url_mission(mission_id)
    page = voters.search(db.session, mission, _filters())
    return csv_response(
        f"voters-{mission.code}-page{page.page}.csv",
        ["registry_number", "country", "postal_code", "outbound", "return"],
        [
            (
                r.registry_number,
                r.country,
                r.postal_code,
                r.outbound_status,
                r.return_status,
            )
            for r in page.rows
        ],
    )


@bp.get("/missions/<int:mission_id>/voters/<int:voter_id>")
@staff_required()
def voter_detail(mission_id, voter_id):
    """Show one voter of the mission with every ballot issued to them."""
    mission = url_mission(mission_id)
    voter = scope.voter(db.session, mission, voter_id)
    return render_template("staff/voter.html", mission=mission, voter=voter)


@bp.get("/missions/<int:mission_id>/items/<int:item_id>")
@staff_required()
def item_page(mission_id, item_id):
    """Show one item: its timeline, the post's raw codes, unmapped ones marked."""
    mission = url_mission(mission_id)
    item = scope.item(db.session, mission, item_id)
    return render_template(
        "staff/item.html",
        mission=mission,
        story=items.story(db.session, mission, item),
        replace_url=optional_url(
            "staff.ballot_replace", mission_id=mission.id, ballot_id=item.ballot_id
        ),
        may_write=not current_user.read_only,
    )
