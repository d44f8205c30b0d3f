"""Void a ballot and reissue it, with the reason kept in the audit trail."""

from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from sqlalchemy import select

from ovs.dispatch.replacement import replace_ballot
from ovs.errors import OvsError
from ovs.extensions import db
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Voter
from ovs.postal.status import BallotState
from ovs.postal.status import Leg
from ovs.staffing import scope
from ovs.web.access import staff_required
from ovs.web.staff.blueprint import bp
from ovs.web.staff.helpers import actor
from ovs.web.staff.helpers import url_mission


@bp.post("/missions/<int:mission_id>/ballots/<int:ballot_id>/replace")
@staff_required(write=True)
def ballot_replace(mission_id, ballot_id):
    """Void the ballot with the reason given and issue the voter a new one."""
    mission = url_mission(mission_id)
    ballot = scope.ballot(db.session, mission, ballot_id)
    voter = db.session.get(Voter, ballot.voter_id)
    election = db.session.get(Election, voter.election_id)
    try:
        result = replace_ballot(
            db.session,
            voter.registry_number,
            reason=request.form.get("reason", ""),
            actor=actor(),
            election_code=election.code,
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(
            url_for("staff.voter_detail", mission_id=mission.id, voter_id=voter.id)
        )
    db.session.commit()
    new_item = db.session.scalar(
        select(Item.id)
        .join(Ballot, Ballot.id == Item.ballot_id)
        .where(Ballot.voter_id == voter.id, Ballot.state == BallotState.LIVE)
        .where(Item.leg == Leg.OUTBOUND)
    )
    flash(
        f"Ballot {result.voided.sequence} voided; a new ballot is issued in batch "
        f"{result.reissued.batch.id}.",
        "info",
    )
    if new_item is None:
        return redirect(
            url_for("staff.voter_detail", mission_id=mission.id, voter_id=voter.id)
        )
    return redirect(url_for("staff.item_page", mission_id=mission.id, item_id=new_item))
