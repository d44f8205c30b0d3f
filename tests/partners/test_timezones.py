"""Time zones for partner times without an offset."""

import datetime as dt

import pytest

from partners import timezones


@pytest.mark.parametrize(
    ("country", "region", "zone"),
    [
        ("US", "HI", "Pacific/Honolulu"),
        ("us", "ca", "America/Los_Angeles"),
        ("AU", "WA", "Australia/Perth"),
        ("AU", None, "Australia/Sydney"),
        ("SA", None, "Asia/Riyadh"),
        ("ID", "XX", "Asia/Jakarta"),
        ("GB", None, "Europe/London"),
        ("CA", None, "America/Toronto"),
        ("CA", "BC", "America/Vancouver"),
        ("MY", "Sabah", "Asia/Kuching"),
        ("MY", None, "Asia/Kuala_Lumpur"),
        ("RU", None, "Europe/Moscow"),
        (None, None, None),
        ("ZZ", None, None),
    ],
)
def test_zone_comes_from_state_then_country(country, region, zone):
    assert timezones.zone_for(country, region) == zone


@pytest.mark.parametrize("zone", sorted(set(timezones.US_STATE_ZONES.values())))
def test_every_us_state_zone_is_a_real_zone(zone):
    assert timezones.localise(dt.datetime(2026, 1, 1), zone).utcoffset() is not None


@pytest.mark.parametrize("zone", sorted(set(timezones.AU_STATE_ZONES.values())))
def test_every_australian_state_zone_is_a_real_zone(zone):
    assert timezones.localise(dt.datetime(2026, 1, 1), zone).utcoffset() is not None


@pytest.mark.parametrize("zone", sorted(set(timezones.CA_PROVINCE_ZONES.values())))
def test_every_canadian_province_zone_is_a_real_zone(zone):
    assert timezones.localise(dt.datetime(2026, 1, 1), zone).utcoffset() is not None


def test_localised_time_has_a_fixed_offset_of_that_moment():
    winter = timezones.localise(dt.datetime(2026, 1, 15, 12), "Europe/London")
    summer = timezones.localise(dt.datetime(2026, 7, 15, 12), "Europe/London")

    assert winter.utcoffset() == dt.timedelta(0)
    assert summer.utcoffset() == dt.timedelta(hours=1)
    assert summer.tzinfo == dt.timezone(dt.timedelta(hours=1))


def test_reported_offset_is_kept_not_inferred():
    moment, inferred = timezones.resolve("2026-02-01T09:30:00+03:00", "Asia/Jakarta")

    assert not inferred
    assert moment.utcoffset() == dt.timedelta(hours=3)


def test_missing_offset_without_place_is_refused():
    with pytest.raises(ValueError, match="has no UTC offset and its place is unknown"):
        timezones.resolve("2026-02-01T09:30:00", None)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("Z", 0), ("+07:00", 420), ("-0530", -330), ("+05", 300), ("-00:00", 0)],
)
def test_offsets_in_every_written_form(text, minutes):
    offset = timezones.parse_offset(text)

    assert offset.utcoffset(None) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "7", "+25:00", "+07:75", "EST", "+7:00"])
def test_bad_offsets_are_refused(text):
    with pytest.raises(ValueError, match="not a UTC offset"):
        timezones.parse_offset(text)


def test_implausible_years_are_refused():
    with pytest.raises(ValueError, match="not a plausible event time"):
        timezones.resolve("1970-01-01T00:00:00Z", None)


@pytest.mark.parametrize("zone", sorted(set(timezones.COUNTRY_ZONES.values())))
def test_every_country_zone_is_a_real_zone(zone):
    assert timezones.localise(dt.datetime(2026, 1, 1), zone).utcoffset() is not None
