"""Dispatch batches of a mission: create, labels, special list, handover."""

import io

from flask import Response
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select

from ovs.dispatch import batches as batch_service
from ovs.dispatch.handover import hand_over
from ovs.dispatch.labels import STOCKS
from ovs.dispatch.labels import write_labels
from ovs.dispatch.manifest import write_manifest
from ovs.errors import OvsError
from ovs.extensions import db
from ovs.models import DispatchBatch
from ovs.models import PartnerPost
from ovs.models import TrackingRange
from ovs.postal.status import Leg
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import actor
from ovs.web.staff.helpers import url_mission
from ovs.web.staff.imports import check_form_mission


def _list_page(mission, status: int = 200):
    batches = db.session.scalars(
        select(DispatchBatch)
        .where(DispatchBatch.mission_id == mission.id)
        .order_by(DispatchBatch.id.desc())
    )
    partners = db.session.scalars(
        select(PartnerPost)
        .join(TrackingRange, TrackingRange.partner_id == PartnerPost.id)
        .where(TrackingRange.mission_id == mission.id)
        .distinct()
        .order_by(PartnerPost.name)
    )
    pending = len(batch_service.pending_voters(db.session, mission))
    return render_template(
        "staff/batches.html",
        mission=mission,
        batches=batches,
        partners=partners,
        pending=pending,
    ), status


@bp.get("/missions/<int:mission_id>/batches")
@staff_required()
def batch_list(mission_id):
    """List the mission's dispatch batches and offer a new one."""
    return _list_page(url_mission(mission_id))


@bp.post("/missions/<int:mission_id>/batches")
@staff_required(write=True)
def batch_create(mission_id):
    """Issue ballots to waiting voters in a new batch."""
    mission = url_mission(mission_id)
    check_form_mission(mission, request.form.get("mission_id"))
    countries = request.form.get("countries", "").replace(",", " ").split()
    try:
        result = batch_service.create_batch(
            db.session,
            mission_code=mission.code,
            actor=actor(),
            partner_code=request.form.get("partner") or None,
            limit=request.form.get("limit", type=int) or None,
            countries=countries or None,
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _list_page(mission, exc.http_status)
    db.session.commit()
    flash(
        f"Batch {result.batch.id}: {result.ballots} ballots issued"
        + (
            f"; {len(result.unroutable)} voters could not be routed"
            if result.unroutable
            else ""
        )
        + ".",
        "info",
    )
    for warning in result.warnings:
        flash(warning, "error")
    return redirect(
        url_for("staff.batch_detail", mission_id=mission.id, batch_id=result.batch.id)
    )


@bp.get("/missions/<int:mission_id>/batches/<int:batch_id>")
@staff_required()
def batch_detail(mission_id, batch_id):
    """Show one dispatch batch with its documents and the handover."""
    mission = url_mission(mission_id)
    batch = scope.batch(db.session, mission, batch_id)
    return render_template(
        "staff/batch.html", mission=mission, batch=batch, stocks=list(STOCKS)
    )


@bp.get("/missions/<int:mission_id>/batches/<int:batch_id>/labels.pdf")
@staff_required()
def batch_labels(mission_id, batch_id):
    """Download a batch's labels for one leg on A4 sheets or thermal stock."""
    mission = url_mission(mission_id)
    batch = scope.batch(db.session, mission, batch_id)
    leg = request.args.get("leg", Leg.OUTBOUND)
    out = io.BytesIO()
    write_labels(
        db.session, batch.id, out, stock=request.args.get("stock", "a4"), leg=leg
    )
    return _pdf(out, f"batch-{batch.id}-{leg}-labels.pdf")


@bp.get("/missions/<int:mission_id>/batches/<int:batch_id>/special-list.pdf")
@staff_required()
def batch_manifest(mission_id, batch_id):
    """Download a batch's special list (the CN 33-style manifest)."""
    mission = url_mission(mission_id)
    batch = scope.batch(db.session, mission, batch_id)
    out = io.BytesIO()
    write_manifest(db.session, batch.id, out)
    return _pdf(out, f"batch-{batch.id}-special-list.pdf")


@bp.post("/missions/<int:mission_id>/batches/<int:batch_id>/handover")
@staff_required(write=True)
def batch_handover(mission_id, batch_id):
    """Record that the batch was handed to the post."""
    mission = url_mission(mission_id)
    batch = scope.batch(db.session, mission, batch_id)
    try:
        result = hand_over(db.session, batch.id, actor=actor())
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(f"Batch {batch.id} handed over: {result.items} items posted.", "info")
    return redirect(
        url_for("staff.batch_detail", mission_id=mission.id, batch_id=batch.id)
    )


def _pdf(out: io.BytesIO, filename: str) -> Response:
    return Response(
        out.getvalue(),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
