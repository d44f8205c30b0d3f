"""Partner callbacks: posts push signed tracking events here."""

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.extensions import csrf
from ovs.extensions import db
from ovs.tracking import callbacks
from ovs.web.access import declared_elsewhere

bp = Blueprint("callbacks", __name__)
# Partners sign their bodies; they hold no session and no CSRF token.
csrf.exempt(bp)


@bp.post("/partners/<code>/events")
@declared_elsewhere("partner")
def partner_events(code: str):
    """Take a partner's signed events; answer how many were accepted or not."""
    partner = callbacks.find_partner(db.session, code)
    callbacks.check_size(partner, request.content_length)
    body = request.get_data(cache=False)
    answer = callbacks.receive(db.session, partner, request.headers, body)
    return jsonify(answer.as_json())
