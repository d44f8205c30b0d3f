"""Partner timestamps to aware datetimes, keeping or inferring the UTC offset.

Posts report local time in several ways: with an offset, in UTC, with a zone
abbreviation, or bare. A bare local time is read in the zone of the event's
place (or the partner's country) and marked ``offset_inferred``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

# One representative zone per country; countries spanning several zones get a
# finer answer from ``REGION_ZONES`` when the partner names the region.
COUNTRY_ZONES = {
    "AU": "Australia/Sydney",
    "CA": "America/Toronto",
    "DE": "Europe/Berlin",
    "GB": "Europe/London",
    "HK": "Asia/Hong_Kong",
    "ID": "Asia/Jakarta",
    "JP": "Asia/Tokyo",
    "MY": "Asia/Kuala_Lumpur",
    "NL": "Europe/Amsterdam",
    "SA": "Asia/Riyadh",
    "SG": "Asia/Singapore",
    "TW": "Asia/Taipei",
    "US": "America/New_York",
}

REGION_ZONES = {
    ("CA", "AB"): "America/Edmonton",
    ("CA", "BC"): "America/Vancouver",
    ("CA", "MB"): "America/Winnipeg",
    ("CA", "NB"): "America/Moncton",
    ("CA", "NL"): "America/St_Johns",
    ("CA", "NS"): "America/Halifax",
    ("CA", "NT"): "America/Yellowknife",
    ("CA", "NU"): "America/Iqaluit",
    ("CA", "ON"): "America/Toronto",
    ("CA", "PE"): "America/Halifax",
    ("CA", "QC"): "America/Toronto",
    ("CA", "SK"): "America/Regina",
    ("CA", "YT"): "America/Whitehorse",
    ("MY", "SABAH"): "Asia/Kuching",
    ("MY", "SARAWAK"): "Asia/Kuching",
}


def zone_for(country: str | None, region: str | None = None) -> ZoneInfo:
    """The time zone of a country, or of one of its regions when known."""
    country = (country or "").upper()
    name = REGION_ZONES.get((country, (region or "").strip().upper()))
    return ZoneInfo(name or COUNTRY_ZONES.get(country, "UTC"))


def localise(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Attach a zone to a naive local time (the first of two in a DST overlap)."""
    return local.replace(tzinfo=zone, fold=0)


def with_offset(local: dt.datetime, minutes: int) -> dt.datetime:
    """Attach a fixed UTC offset, in minutes, to a naive local time."""
    return local.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))


def parse_iso(text: str, country: str | None) -> tuple[dt.datetime, bool]:
    """An ISO 8601 time; bare local times take the country's zone (inferred)."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        return value, False
    return localise(value, zone_for(country)), True
