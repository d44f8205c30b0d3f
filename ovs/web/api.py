"""The JSON API under /api/v1 for other systems and partner posts."""

from flask import Blueprint

bp = Blueprint("api", __name__)
