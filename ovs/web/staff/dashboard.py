"""The live dashboard: figures by mission, country and partner; stream; exports."""

import json
import time

from flask import Response
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask import stream_with_context
from flask_login import current_user
from sqlalchemy import select

from ovs.dashboard import attention
from ovs.dashboard import charts
from ovs.dashboard import filters
from ovs.dashboard import live
from ovs.dashboard import reconciliation
from ovs.dashboard.figures import LABELS
from ovs.dashboard.figures import breakdown
from ovs.dashboard.figures import by_status
from ovs.dashboard.figures import headline
from ovs.dashboard.figures import names
from ovs.dashboard.report import daily_report
from ovs.extensions import db
from ovs.models import Election
from ovs.models import PartnerPost
from ovs.models import StatusCount
from ovs.staffing import scope as staff_scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import csv_response

BREAKDOWNS = {
    "missions": StatusCount.mission_id,
    "countries": StatusCount.country,
    "partners": StatusCount.partner_id,
}


def _chosen():
    return filters.choose(db.session, current_user, request.args)


@bp.get("/dashboard")
@staff_required()
def dashboard():
    """Show every figure for the chosen election, mission, country and partner."""
    choice, scope = _chosen()
    label_names = names(db.session)
    risk_total, risky = attention.at_risk(db.session, scope.mission_ids)
    return render_template(
        "staff/dashboard.html",
        choice=choice,
        labels=LABELS,
        figures=headline(by_status(db.session, scope)),
        tables={
            name: breakdown(db.session, scope, column)
            for name, column in BREAKDOWNS.items()
        },
        names=label_names,
        risk_total=risk_total,
        risky=risky,
        overdue=attention.overdue(db.session, scope.mission_ids),
        elections=db.session.scalars(select(Election).order_by(Election.code)).all(),
        missions=staff_scope.missions(db.session, current_user),
        partners=db.session.scalars(select(PartnerPost).order_by(PartnerPost.name)),
    )


@bp.get("/dashboard/stream")
@staff_required()
def dashboard_stream():
    """Stream the figures that changed, as server-sent events."""
    _, scope = _chosen()
    config = current_app.config
    interval = float(config["DASHBOARD_SSE_SECONDS"])
    until = time.monotonic() + float(config["DASHBOARD_SSE_MAX_SECONDS"])

    def events():
        yield f"retry: {int(interval * 1000)}\n\n"
        last = None
        while True:
            figures = live.tick(db.session, scope)
            # End the read: the next tick must see new data, and no lock or
            # snapshot may be held while this stream sleeps.
            db.session.rollback()
            diff = live.changed(last, figures)
            last = figures
            if diff is not None:
                yield f"event: counters\ndata: {json.dumps(diff)}\n\n"
            else:
                yield ": nothing changed\n\n"
            if time.monotonic() + interval > until:
                return
            time.sleep(interval)

    return Response(
        stream_with_context(events()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@bp.get("/dashboard/charts.json")
@staff_required()
def dashboard_charts():
    """The data behind the charts: daily flows per mission, transit per lane."""
    choice, scope = _chosen()
    return jsonify(
        flows=charts.daily_flows(db.session, scope.mission_ids),
        transit=charts.transit_times(db.session, choice.partner_id),
        missions={str(k): v for k, v in names(db.session)["missions"].items()},
    )


@bp.get("/dashboard/<any(missions, countries, partners):table>.csv")
@staff_required()
def dashboard_csv(table):
    """Download one breakdown table as CSV."""
    _, scope = _chosen()
    label_names = names(db.session)
    rows = breakdown(db.session, scope, BREAKDOWNS[table])
    lookup = {
        "missions": label_names["missions"],
        "partners": label_names["partners"],
    }.get(table, {})
    return csv_response(
        f"ovs-{table}.csv",
        [table[:-1] if table != "countries" else "country", *LABELS],
        [(lookup.get(value, value), *figs.values()) for value, figs in rows],
    )


@bp.get("/dashboard/attention.csv")
@staff_required()
def dashboard_attention_csv():
    """Download the at-risk and overdue items as CSV."""
    _, scope = _chosen()
    _, risky = attention.at_risk(db.session, scope.mission_ids, limit=10_000)
    late = attention.overdue(db.session, scope.mission_ids, limit=10_000)
    rows = [("at_risk", *_item_row(i)) for i in risky]
    rows += [("overdue", *_item_row(i)) for i in late]
    return csv_response(
        "ovs-attention.csv",
        ["list", "tracking_number", "mission_id", "leg", "status", "expected_by"],
        rows,
    )


def _item_row(item) -> tuple:
    expected = item.expected_p90_at.isoformat() if item.expected_p90_at else ""
    return (item.tracking_number, item.mission_id, item.leg, item.status, expected)


@bp.get("/dashboard/report.pdf")
@staff_required()
def dashboard_report():
    """Download the daily report as a PDF."""
    _, scope = _chosen()
    pdf = daily_report(
        headline(by_status(db.session, scope)),
        breakdown(db.session, scope, StatusCount.mission_id),
        names(db.session),
        reconciliation.reconcile(db.session, scope),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="ovs-daily-report.pdf"'},
    )


@bp.get("/reconciliation", endpoint="reconciliation")
@staff_required()
def reconciliation_page():
    """Show every mission's issued ballots accounted for, and each difference."""
    choice, scope = _chosen()
    lines = reconciliation.reconcile(db.session, scope)
    return render_template(
        "staff/reconciliation.html",
        choice=choice,
        lines=lines,
        totals=reconciliation.totals(lines),
        names=names(db.session),
    )


@bp.get("/reconciliation.csv")
@staff_required()
def reconciliation_csv():
    """Download the reconciliation as CSV, one row per mission."""
    _, scope = _chosen()
    mission_names = names(db.session)["missions"]
    return csv_response(
        "ovs-reconciliation.csv",
        [
            "mission",
            "issued",
            "not_posted",
            "in_flight",
            "delivered",
            "returned",
            "lost",
            "unaccounted",
            "received",
            "differences",
        ],
        [
            (
                mission_names.get(line.mission_id, line.mission_id),
                line.issued,
                line.not_posted,
                line.in_flight,
                line.delivered,
                line.returned,
                line.lost,
                line.unaccounted,
                line.received,
                " ".join(line.differences),
            )
            for line in reconciliation.reconcile(db.session, scope)
        ],
    )
