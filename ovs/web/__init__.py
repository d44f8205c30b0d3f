"""Blueprints: the voter portal, the staff pages, the JSON API and partner callbacks."""

from flask import Flask

from ovs.web import access
from ovs.web import errors
from ovs.web import formatting
from ovs.web import i18n
from ovs.web.api import bp as api_bp
from ovs.web.health import bp as health_bp
from ovs.web.portal import bp as portal_bp
from ovs.web.staff import bp as staff_bp
from ovs.web.staff_auth import init_login


def register(app: Flask) -> None:
    """Register every blueprint and error handler, then check access rules."""
    i18n.init_app(app)
    formatting.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    errors.register(app)
    init_login(app)
    access.check_all_declared(app)
