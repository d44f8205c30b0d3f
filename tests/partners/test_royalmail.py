"""The Royal Mail adapter reads Tracking API v2 Events answers into UPU events."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.base import BadRequest
from partners.base import Credentials
from partners.royalmail import CODES
from partners.royalmail import RoyalMailAdapter
from partners.royalmail import build_request
from tests.partners.conftest import fixture_bytes

# The event codes Royal Mail's documentation and published answers show.
DOCUMENTED = [
    "EVAIE",
    "EVAIP",
    "EVPPA",
    "EVOAC",
    "EVDAC",
    "EVDAV",
    "EVIMC",
    "EVORI",
    "EVODO",
    "EVOCO",
    "EVGPD",
    "EVNDA",
    "EVNRT",
    "EVNSR",
    "EVKSP",
    "EVKSF",
    "EVKOP",
    "EVKNR",
    "EVKNA",
    "EVNMI",
    "RSRXS",
]


@pytest.fixture
def adapter():
    return RoyalMailAdapter("http://royalmail.test")


@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_documented_code_is_mapped_or_says_why_not(code):
    meaning = CODES[code]

    assert meaning.code is not None or meaning.unmapped


def test_events_in_upu_codes_for_the_requested_number(adapter):
    result = adapter.parse_tracking(
        fixture_bytes("royalmail", "events.json"), number="RR123456785GB"
    )

    assert [(e.tracking_number, e.code) for e in result.events] == [
        ("RR123456785GB", EventCode.DELIVERED),
        ("RR123456785GB", EventCode.DELIVERY_ATTEMPTED),
        ("RR123456785GB", None),
        ("RR123456785GB", None),
        ("RR123456785GB", EventCode.INTO_SORTING_CENTRE),
    ]
    assert result.events[1].measure == Measure.HELD_FOR_COLLECTION


def test_number_defaults_to_the_one_d_barcode(adapter):
    result = adapter.parse_tracking(fixture_bytes("royalmail", "events.json"))

    assert result.events[0].tracking_number == "RR123456785GB"


def test_unknown_code_keeps_code_and_words(adapter):
    unknown = adapter.parse_tracking(fixture_bytes("royalmail", "events.json")).events[
        3
    ]

    assert (unknown.code, unknown.partner_code, unknown.description) == (
        None,
        "EVGMI",
        "In Transit",
    )


def test_summer_offset_and_utc_twin_give_the_right_instants(adapter):
    events = adapter.parse_tracking(fixture_bytes("royalmail", "events.json")).events

    assert events[0].occurred_at == dt.datetime(2026, 3, 30, 9, 4, tzinfo=dt.UTC)
    assert events[0].occurred_at.utcoffset() == dt.timedelta(hours=1)
    assert events[1].occurred_at == dt.datetime(2026, 3, 28, 11, 30, tzinfo=dt.UTC)
    assert not any(e.offset_inferred for e in events)


def test_time_without_offset_is_read_in_london(adapter):
    summer, winter = adapter.parse_tracking(
        fixture_bytes("royalmail", "no_offset.json")
    ).events

    assert summer.offset_inferred and winter.offset_inferred
    assert summer.occurred_at == dt.datetime(2026, 7, 1, 8, 15, tzinfo=dt.UTC)
    assert winter.occurred_at == dt.datetime(2026, 1, 10, 9, 15, tzinfo=dt.UTC)


def test_unrecognised_barcode_is_not_found(adapter):
    result = adapter.parse_tracking(
        fixture_bytes("royalmail", "not_found.json"), number="RR000000005GB"
    )

    assert result.not_found == ["RR000000005GB"]
    assert result.events == []


def test_missing_terms_header_is_a_bad_request(adapter):
    with pytest.raises(BadRequest, match="E0004 Failed header validation"):
        adapter.parse_tracking(fixture_bytes("royalmail", "terms_missing.json"), "X")


def test_unauthorised_answer_says_so(adapter):
    with pytest.raises(BadRequest, match="Client id not registered"):
        adapter.parse_tracking(fixture_bytes("royalmail", "unauthorized.json"), "X")


def test_request_carries_ibm_client_headers_and_terms():
    credentials = Credentials({"client_id": "id", "client_secret": "secret"})

    request = build_request("http://rm.test", "RR123456785GB", credentials)

    assert request["url"] == "http://rm.test/mailpieces/v2/RR123456785GB/events"
    assert request["headers"]["X-IBM-Client-Id"] == "id"
    assert request["headers"]["X-IBM-Client-Secret"] == "secret"
    assert request["headers"]["X-Accept-RMG-Terms"] == "yes"
