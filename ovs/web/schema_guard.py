"""Refuse to serve from a database that is behind the latest migration.

The check runs on the first request and again after a failure, so a web process
started before ``db upgrade`` recovers by itself once the upgrade is done.
"""

from flask import Flask
from flask import request

from ovs import logs
from ovs.database import SchemaBehind
from ovs.database import check_schema
from ovs.errors import ServiceUnavailable
from ovs.extensions import db

log = logs.get(__name__)


def register(app: Flask) -> None:
    """Check the schema before the first request is served."""
    state = {"current": False}

    @app.before_request
    def require_current_schema():
        if state["current"] or app.config.get("TESTING"):
            return
        # Health reports the database itself, reachable or not.
        if request.endpoint == "health.healthz":
            return
        try:
            check_schema(db.engine)
        except SchemaBehind as exc:
            log.error("schema.behind")
            raise ServiceUnavailable(exc.message) from None
        state["current"] = True
