"""Liveness and database reachability for load balancers and operators."""

from flask import Blueprint
from flask import jsonify

from ovs.database import ping
from ovs.extensions import db
from ovs.web.access import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    """Report whether the service and its database answer."""
    database_ok = ping(db.session)
    body = {"status": "ok" if database_ok else "degraded", "database": database_ok}
    return jsonify(body), 200 if database_ok else 503
