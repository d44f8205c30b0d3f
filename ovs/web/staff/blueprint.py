"""The staff blueprint object, shared by the modules that add its pages."""

from flask import Blueprint

bp = Blueprint("staff", __name__)
