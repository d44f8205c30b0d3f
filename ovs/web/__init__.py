"""Blueprints: the voter portal, the staff pages, the JSON API and partner callbacks."""

from flask import Flask

from ovs.web import access
from ovs.web import errors
from ovs.web import formatting
from ovs.web import i18n
from ovs.web import schema_guard
from ovs.web.api import bp as api_bp
from ovs.web.callbacks import bp as callbacks_bp
from ovs.web.health import bp as health_bp
from ovs.web.portal import bp as portal_bp
from ovs.web.scan import bp as scan_bp
from ovs.web.staff import bp as staff_bp
from ovs.web.staff_auth import init_login
from ovs.web.staff_tokens import bp as staff_tokens_bp
from ovs.web.staff_webhooks import bp as staff_webhooks_bp


def register(app: Flask) -> None:
    """Register every blueprint and error handler, then check access rules."""
    i18n.init_app(app)
    formatting.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(scan_bp, url_prefix="/staff")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(callbacks_bp, url_prefix="/api/v1")
    app.register_blueprint(staff_tokens_bp, url_prefix="/staff/tokens")
    app.register_blueprint(staff_webhooks_bp, url_prefix="/staff/webhooks")
    errors.register(app)
    init_login(app)
    schema_guard.register(app)
    access.check_all_declared(app)
