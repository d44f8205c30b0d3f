"""Error answers: JSON for API clients, a page for people, never a traceback."""

from flask import Flask
from flask import jsonify
from flask import render_template
from flask import request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ovs import logs
from ovs.errors import OvsError
from ovs.extensions import db

log = logs.get(__name__)


def wants_json() -> bool:
    """Whether the client should get a JSON error rather than a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def error_response(status: int, code: str, message: str):
    """Answer an error in the form the client reads."""
    if wants_json():
        return jsonify(error={"code": code, "message": message}), status
    page = render_template("error.html", status=status, message=message)
    return page, status


def register(app: Flask) -> None:
    """Install the handlers that turn errors into answers."""

    @app.errorhandler(OvsError)
    def handle_domain_error(exc: OvsError):
        return error_response(exc.http_status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        body, status = error_response(
            exc.code or 500, code, exc.description or exc.name
        )
        # Keep what the exception says beyond its body, such as Allow on a 405.
        extra = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return body, status, extra

    @app.errorhandler(OperationalError)
    def handle_database_down(exc: OperationalError):
        db.session.rollback()
        log.error("database.unavailable", path=request.path)
        return error_response(
            503, "unavailable", "The database is not answering. Try again shortly."
        )

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        log.exception("request.failed", path=request.path)
        return error_response(
            500, "internal_error", "Something went wrong on our side; it was logged."
        )
