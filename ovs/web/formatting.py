"""Dates and times on pages: in the page's language, in the mission's time zone."""

import datetime as dt

from babel.dates import get_timezone_name
from flask import Flask
from flask_babel import format_date
from flask_babel import format_datetime
from flask_babel import get_locale


def local_datetime(value: dt.datetime, zone) -> str:
    """A moment as the voter reads it: date and time in the mission's zone."""
    return format_datetime(value.astimezone(zone), "medium", rebase=False)


def local_date(value: dt.date | dt.datetime, zone=None) -> str:
    """A day in words, in the page language (for a moment, the mission's day)."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date() if zone else value.date()
    return format_date(value, "long")


def zone_name(zone) -> str:
    """The time zone's name in the page language, such as "Malaysia Time"."""
    return get_timezone_name(zone, locale=get_locale())


def init_app(app: Flask) -> None:
    """Offer the formatters to templates."""
    app.jinja_env.globals.update(
        local_datetime=local_datetime, local_date=local_date, zone_name=zone_name
    )
