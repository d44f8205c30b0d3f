"""Dispatch settings, read from the running app or, outside one, from the defaults."""

from flask import current_app
from flask import has_app_context

from config import Config


def setting(name: str):
    """One setting: the running app's value, else the default in ``config.py``."""
    if has_app_context():
        return current_app.config.get(name, getattr(Config, name))
    return getattr(Config, name)
