"""Time zones for partner time stamps that come without a UTC offset.

Posts that report local wall-clock time are read in the zone of the event's
place: a US, Australian or Malaysian state or a Canadian province when the post
names one, otherwise the first zone the IANA database lists for the country
(through pytz's ``country_timezones``), or for a country spanning several
zones, the zone where most of its people live. Every such time is marked
``offset_inferred``; a time whose place is unknown is refused rather than
guessed.
"""

import datetime as dt
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

import pytz

# The zone that covers most of each state; a state split between zones gets the
# zone of its largest population.
US_STATE_ZONES = {
    "AL": "America/Chicago",
    "AK": "America/Anchorage",
    "AZ": "America/Phoenix",
    "AR": "America/Chicago",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "CT": "America/New_York",
    "DE": "America/New_York",
    "DC": "America/New_York",
    "FL": "America/New_York",
    "GA": "America/New_York",
    "HI": "Pacific/Honolulu",
    "ID": "America/Boise",
    "IL": "America/Chicago",
    "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago",
    "KS": "America/Chicago",
    "KY": "America/New_York",
    "LA": "America/Chicago",
    "ME": "America/New_York",
    "MD": "America/New_York",
    "MA": "America/New_York",
    "MI": "America/Detroit",
    "MN": "America/Chicago",
    "MS": "America/Chicago",
    "MO": "America/Chicago",
    "MT": "America/Denver",
    "NE": "America/Chicago",
    "NV": "America/Los_Angeles",
    "NH": "America/New_York",
    "NJ": "America/New_York",
    "NM": "America/Denver",
    "NY": "America/New_York",
    "NC": "America/New_York",
    "ND": "America/Chicago",
    "OH": "America/New_York",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",
    "PA": "America/New_York",
    "RI": "America/New_York",
    "SC": "America/New_York",
    "SD": "America/Chicago",
    "TN": "America/Chicago",
    "TX": "America/Chicago",
    "UT": "America/Denver",
    "VT": "America/New_York",
    "VA": "America/New_York",
    "WA": "America/Los_Angeles",
    "WV": "America/New_York",
    "WI": "America/Chicago",
    "WY": "America/Denver",
    "PR": "America/Puerto_Rico",
    "GU": "Pacific/Guam",
    "VI": "America/St_Thomas",
    "AS": "Pacific/Pago_Pago",
    "MP": "Pacific/Saipan",
}

AU_STATE_ZONES = {
    "ACT": "Australia/Sydney",
    "NSW": "Australia/Sydney",
    "VIC": "Australia/Melbourne",
    "QLD": "Australia/Brisbane",
    "SA": "Australia/Adelaide",
    "WA": "Australia/Perth",
    "TAS": "Australia/Hobart",
    "NT": "Australia/Darwin",
}

CA_PROVINCE_ZONES = {
    "AB": "America/Edmonton",
    "BC": "America/Vancouver",
    "MB": "America/Winnipeg",
    "NB": "America/Moncton",
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NT": "America/Yellowknife",
    "NU": "America/Iqaluit",
    "ON": "America/Toronto",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "SK": "America/Regina",
    "YT": "America/Whitehorse",
}

# East Malaysia keeps the same offset as the peninsula but its own zone.
MY_STATE_ZONES = {"SABAH": "Asia/Kuching", "SARAWAK": "Asia/Kuching"}

# Times outside these years are corrupt data, not postal events.
FIRST_YEAR, LAST_YEAR = 1990, 2199

# Countries spanning several zones whose first IANA zone is not where most of
# their people (and post offices) are.
COUNTRY_ZONES = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "PS": "Asia/Hebron",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}

_REGION_ZONES = {
    "US": US_STATE_ZONES,
    "AU": AU_STATE_ZONES,
    "CA": CA_PROVINCE_ZONES,
    "MY": MY_STATE_ZONES,
}


def zone_for(country: str | None, region: str | None = None) -> str | None:
    """The IANA zone of a state of a country, else of the country, else None."""
    if not country:
        return None
    country = country.strip().upper()
    regions = _REGION_ZONES.get(country, {})
    if region and region.strip().upper() in regions:
        return regions[region.strip().upper()]
    if country in COUNTRY_ZONES:
        return COUNTRY_ZONES[country]
    zones = pytz.country_timezones.get(country)
    return zones[0] if zones else None


def parse_iso(text: str) -> dt.datetime:
    """An ISO 8601 date-time, aware when the text carries an offset or ``Z``."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no time given")
    return dt.datetime.fromisoformat(text.strip())


def localise(wall: dt.datetime, zone: str) -> dt.datetime:
    """A naive wall-clock time read in ``zone``, with that moment's fixed offset."""
    try:
        aware = wall.replace(tzinfo=ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {zone!r}") from error
    return aware.astimezone(dt.timezone(aware.utcoffset()))


def in_zone(instant: dt.datetime, zone: str) -> dt.datetime:
    """An aware instant shown in ``zone``, with that moment's fixed offset."""
    local = instant.astimezone(ZoneInfo(zone))
    return local.astimezone(dt.timezone(local.utcoffset()))


def with_offset(wall: dt.datetime, offset_text: str) -> dt.datetime:
    """A wall-clock time with the offset the post reported (``-05:00``, ``+0100``)."""
    return wall.replace(tzinfo=parse_offset(offset_text))


def parse_offset(text: str) -> dt.timezone:
    """A UTC offset written as ``+HH:MM``, ``-HHMM``, ``+HH`` or ``Z``."""
    value = (text or "").strip()
    if value.upper() in {"Z", "UTC", "GMT", "+00:00", "-00:00"}:
        return dt.UTC
    if len(value) < 3 or value[0] not in "+-":
        raise ValueError(f"not a UTC offset: {text!r}")
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    if not digits.isdigit() or len(digits) not in (2, 4):
        raise ValueError(f"not a UTC offset: {text!r}")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"not a UTC offset: {text!r}")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def resolve(text: str, zone: str | None) -> tuple[dt.datetime, bool]:
    """An aware time from ISO text; a time without offset is read in ``zone``.

    Returns the time and whether its offset was inferred. Raises ValueError when
    the text has no offset and no zone is known, so no time is ever guessed.
    """
    moment = parse_iso(text)
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return plausible(moment), False
    if not zone:
        raise ValueError(f"time {text!r} has no UTC offset and its place is unknown")
    return plausible(localise(moment, zone)), True


def plausible(moment: dt.datetime) -> dt.datetime:
    """``moment`` unchanged when it is a tracking time at all (1990 to 2199)."""
    instant = moment.astimezone(dt.UTC)
    if not FIRST_YEAR <= instant.year <= LAST_YEAR:
        raise ValueError(f"time {moment.isoformat()} is not a plausible event time")
    return moment
