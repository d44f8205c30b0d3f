"""What every fake post shares: credential checks, local times, code tables."""

import base64
import datetime as dt
from zoneinfo import ZoneInfo

from flask import request

from partners.sandbox import SandboxEvent
from partners.sandbox.places import region_of
from partners.timezones import zone_for


def carries(headers: dict[str, str]) -> bool:
    """Whether the request carries each of these headers with exactly this value."""
    return all(request.headers.get(name) == value for name, value in headers.items())


def basic(username: str, password: str) -> str:
    """An HTTP Basic ``Authorization`` header value."""
    pair = f"{username}:{password}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def local_time(event: SandboxEvent, zone: str | None = None) -> dt.datetime:
    """The event's instant in ``zone``, or in the zone of the event's place."""
    # A place the sandbox cannot place is shown in UTC rather than refused: the
    # fake posts must answer whatever the world holds. The named zone (not a
    # fixed offset) is kept so posts that print an abbreviation can.
    zone = zone or zone_for(event.country, region_of(event.location)) or "UTC"
    return event.occurred_at.astimezone(ZoneInfo(zone))


def city_of(event: SandboxEvent) -> str:
    """The place of an event without its region."""
    return event.location.rsplit(", ", 1)[0]


def pick(table: dict, event: SandboxEvent):
    """The partner's rendering of an event, by code and measure, or None.

    A post that has no status for a UPU event simply does not report it, as
    real posts skip steps their systems do not record.
    """
    return table.get((event.code, event.measure)) or table.get((event.code, None))
