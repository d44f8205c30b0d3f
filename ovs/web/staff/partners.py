"""Partner posts and their health."""

from flask import render_template

from ovs.extensions import db
from ovs.staffing import partners as partner_health
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import csv_response


@bp.get("/partners")
@staff_required()
def partners():
    """Show each partner post's last success, error rate, circuit and coverage."""
    return render_template(
        "staff/partners.html", lines=partner_health.health(db.session)
    )


@bp.get("/partners.csv")
@staff_required()
def partners_csv():
    """Download partner health as CSV."""
    return csv_response(
        "ovs-partners.csv",
        [
            "partner",
            "last_success_at",
            "error_rate",
            "circuit",
            "open_items",
            "polled_last_24h",
            "unmapped_codes",
        ],
        [
            (
                line.partner.code,
                line.partner.last_success_at.isoformat()
                if line.partner.last_success_at
                else "",
                "" if line.error_rate is None else f"{line.error_rate:.3f}",
                line.circuit,
                line.open_items,
                line.polled_recently,
                " ".join(f"{code}:{n}" for code, n in line.unmapped),
            )
            for line in partner_health.health(db.session)
        ],
    )
