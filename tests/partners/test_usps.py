"""The USPS adapter reads Tracking API v3 answers into UPU events."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.usps import CODES
from partners.usps import UspsAdapter
from partners.usps import parse_token
from partners.usps import token_request
from partners.usps import tracking_request
from tests.partners.conftest import fixture_bytes

# Publication 199 Appendix G: every event code the API documents.
DOCUMENTED = [
    "MA",
    "OF",
    "PC",
    "01",
    "DX",
    "02",
    "52",
    "53",
    "54",
    "55",
    "56",
    "03",
    "TM",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "28",
    "29",
    "31",
    "10",
    "PA",
    "11",
    "14",
    "15",
    "16",
    "17",
    "19",
    "41",
    "42",
    "43",
    "44",
    "51",
    "80",
    "81",
    "82",
    "EF",
    "SF",
    "71",
    "30",
]


@pytest.fixture
def adapter():
    return UspsAdapter("http://usps.test")


@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_documented_code_is_mapped_or_says_why_not(code):
    meaning = CODES[code]

    assert meaning.code is not None or meaning.unmapped


def test_delivered_item_events_in_upu_codes(adapter):
    result = adapter.parse_tracking(fixture_bytes("usps", "delivered.json"))

    assert [e.code for e in result.events] == [
        EventCode.DELIVERED,
        EventCode.OUT_FOR_DELIVERY,
        EventCode.INTO_SORTING_CENTRE,
        None,
        EventCode.POSTED,
    ]
    assert {e.tracking_number for e in result.events} == {"RR123456785ID"}
    assert result.not_found == []


def test_unknown_code_keeps_code_and_words(adapter):
    customs = adapter.parse_tracking(fixture_bytes("usps", "delivered.json")).events[3]

    assert customs.code is None
    assert customs.partner_code == "PD"
    assert customs.description == "Customs Clearance"


def test_local_time_and_gmt_twin_give_the_same_instant(adapter):
    delivered = adapter.parse_tracking(fixture_bytes("usps", "delivered.json")).events[
        0
    ]

    assert delivered.occurred_at == dt.datetime(2026, 2, 9, 20, 14, tzinfo=dt.UTC)
    assert delivered.occurred_at.utcoffset() == dt.timedelta(hours=-6)
    assert delivered.occurred_at.replace(tzinfo=None) == dt.datetime(2026, 2, 9, 14, 14)
    assert not delivered.offset_inferred


def test_event_abroad_keeps_its_country_and_offset(adapter):
    accepted = adapter.parse_tracking(fixture_bytes("usps", "delivered.json")).events[4]

    assert accepted.country == "ID"
    assert accepted.location == "JAKARTA"
    assert accepted.occurred_at.utcoffset() == dt.timedelta(hours=7)
    assert accepted.occurred_at == dt.datetime(2026, 2, 2, 3, 5, tzinfo=dt.UTC)


def test_domestic_event_is_in_the_us_with_its_place(adapter):
    delivered = adapter.parse_tracking(fixture_bytes("usps", "delivered.json")).events[
        0
    ]

    assert delivered.country == "US"
    assert delivered.location == "CHICAGO, IL 60601"


def test_returns_and_notices_carry_measure_and_reason(adapter):
    events = adapter.parse_tracking(
        fixture_bytes("usps", "return_to_sender.json")
    ).events

    assert [(e.code, e.measure, e.reason) for e in events] == [
        (EventCode.DELIVERY_ATTEMPTED, Measure.RETURN_TO_SENDER, "Addressee unknown"),
        (
            EventCode.DELIVERY_ATTEMPTED,
            Measure.HELD_FOR_COLLECTION,
            "No authorized recipient available",
        ),
    ]


def test_time_without_offset_is_read_in_the_state_zone(adapter):
    events = adapter.parse_tracking(fixture_bytes("usps", "no_offset.json")).events

    honolulu, los_angeles = events
    assert honolulu.offset_inferred
    assert honolulu.occurred_at == dt.datetime(2026, 7, 1, 17, 30, tzinfo=dt.UTC)
    # The GMT instant is exact; only the shown offset comes from California.
    assert los_angeles.offset_inferred
    assert los_angeles.occurred_at == dt.datetime(2026, 7, 1, 4, 0, tzinfo=dt.UTC)
    assert los_angeles.occurred_at.utcoffset() == dt.timedelta(hours=-7)


def test_not_found_answer_names_the_number(adapter):
    result = adapter.parse_tracking(
        fixture_bytes("usps", "not_found.json"), number="RR000000005US"
    )

    assert result.events == []
    assert result.not_found == ["RR000000005US"]


def test_bad_request_answer_says_why(adapter):
    with pytest.raises(BadRequest, match="Value 'FULL' for parameter 'expand'"):
        adapter.parse_tracking(fixture_bytes("usps", "bad_request.json"), "X")


def test_token_answer_gives_token_and_lifetime():
    token, lifetime = parse_token(
        {"access_token": "abc", "token_type": "Bearer", "expires_in": 28799}
    )

    assert (token, lifetime) == ("abc", 28799.0)


def test_token_answer_without_token_is_malformed():
    with pytest.raises(MalformedResponse, match="without a token"):
        parse_token({"token_type": "Bearer"})


def test_requests_follow_the_documented_shape():
    token = token_request("http://usps.test", "id", "secret")
    track = tracking_request("http://usps.test", "RR123456785US", "abc")

    assert token["url"] == "http://usps.test/oauth2/v3/token"
    assert token["json"]["grant_type"] == "client_credentials"
    assert track["url"] == "http://usps.test/tracking/v3/tracking/RR123456785US"
    assert track["params"] == {"expand": "DETAIL"}
    assert track["headers"]["Authorization"] == "Bearer abc"


def test_missing_credentials_are_named(adapter):
    with pytest.raises(BadRequest, match="OVS_PARTNER_USPS_CLIENT_ID"):
        adapter.track(["RR123456785US"])
