"""Staff pages: sign-in and the mission home."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import login_user
from flask_login import logout_user
from sqlalchemy import select

from ovs import logs
from ovs.accounts import verify_password
from ovs.extensions import db
from ovs.models import StaffUser
from ovs.web.access import public
from ovs.web.access import staff_required

bp = Blueprint("staff", __name__)
log = logs.get(__name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the sign-in form and sign a staff user in."""
    if request.method == "GET":
        return render_template("staff/login.html")
    email = request.form.get("email", "").strip().lower()
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    if user is None or not verify_password(user, request.form.get("password", "")):
        log.info("staff.login_refused")
        flash("That email and password do not match an account.", "error")
        return render_template("staff/login.html", email=email), 401
    login_user(user)
    log.info("staff.login", staff_id=user.id)
    return redirect(url_for("staff.home"))


@bp.post("/logout")
@staff_required()
def logout():
    """Sign the current user out."""
    logout_user()
    return redirect(url_for("staff.login"))


@bp.get("/")
@staff_required()
def home():
    """Show the staff home page."""
    return render_template("staff/home.html")
