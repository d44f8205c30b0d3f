"""Loading the signed-in staff user for Flask-Login."""

from flask import Flask

from ovs.extensions import db
from ovs.extensions import login_manager
from ovs.models import StaffUser


def init_login(app: Flask) -> None:
    """Tell Flask-Login how to find users and where the sign-in page is."""
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(StaffUser, int(user_id))
        return user if user is not None and user.active else None
