"""The public voter portal: where is my ballot."""

from flask import Blueprint
from flask import render_template

from ovs.web.access import public

bp = Blueprint("portal", __name__)


@bp.get("/")
@public
def index():
    """Show the portal's welcome page with the look-up form."""
    return render_template("portal/index.html")


@bp.get("/track")
@public
def track():
    """Show the ballot look-up form."""
    return render_template("portal/track.html")
