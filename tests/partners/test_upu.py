"""The UPU-standard adapter reads UPU-style answers into UPU events."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.upu import CODES
from partners.upu import UpuAdapter
from partners.upu import build_request
from tests.partners.conftest import fixture_bytes


@pytest.fixture
def adapter():
    return UpuAdapter("http://upu.test", settings={"country": "SA"})


def test_items_become_events_in_upu_codes(adapter):
    result = adapter.parse_tracking(fixture_bytes("upu", "items.json"))

    codes = [(e.tracking_number, e.code) for e in result.events]
    assert codes == [
        ("RR123456785ID", EventCode.POSTED),
        ("RR123456785ID", EventCode.DEPARTED_OUTWARD_OE),
        ("RR123456785ID", EventCode.ARRIVED_INWARD_OE),
        ("RR123456785ID", EventCode.DELIVERY_ATTEMPTED),
        ("RR123456785ID", None),
        ("RR876543216ID", EventCode.DELIVERED),
    ]
    assert result.not_found == ["CP111111115SA"]


def test_unsuccessful_delivery_keeps_its_reason_and_measure(adapter):
    result = adapter.parse_tracking(fixture_bytes("upu", "items.json"))
    attempt = result.events[3]

    assert attempt.measure == Measure.RETURN_TO_SENDER
    assert attempt.reason == "Addressee moved"
    assert attempt.location == "Bandung"
    assert attempt.country == "ID"
    assert attempt.partner_event_id == "id-2"


def test_unknown_code_is_kept_not_guessed(adapter):
    unknown = adapter.parse_tracking(fixture_bytes("upu", "items.json")).events[4]

    assert unknown.code is None
    assert unknown.partner_code == "EMX"
    assert unknown.description == "Item photographed"


def test_times_keep_the_reported_offset(adapter):
    events = adapter.parse_tracking(fixture_bytes("upu", "items.json")).events

    assert events[0].occurred_at.utcoffset() == dt.timedelta(hours=3)
    assert events[2].occurred_at.utcoffset() == dt.timedelta(hours=7)
    assert events[0].occurred_at == dt.datetime(2026, 2, 1, 6, 30, tzinfo=dt.UTC)
    assert not any(e.offset_inferred for e in events)


def test_time_without_offset_takes_the_event_or_post_country_zone(adapter):
    events = adapter.parse_tracking(fixture_bytes("upu", "no_offset.json")).events

    assert [e.offset_inferred for e in events] == [True, True]
    # Saudi Arabia keeps +03:00 all year; the second event names no country,
    # so the post's own country (settings) stands in.
    assert events[0].occurred_at == dt.datetime(2026, 2, 1, 6, 30, tzinfo=dt.UTC)
    assert events[1].occurred_at.utcoffset() == dt.timedelta(hours=3)


def test_time_without_offset_or_place_is_refused():
    adapter = UpuAdapter("http://upu.test")
    body = (
        b'{"items":[{"itemId":"RR123456785SA",'
        b'"events":[{"code":"EMA","time":"2026-02-01T09:30:00"}]}]}'
    )

    with pytest.raises(MalformedResponse, match="has no UTC offset"):
        adapter.parse_tracking(body)


def test_error_answer_is_a_bad_request(adapter):
    with pytest.raises(BadRequest, match="At most 50 ids a request"):
        adapter.parse_tracking(fixture_bytes("upu", "too_many.json"))


def test_mission_only_codes_from_a_post_are_not_believed(adapter):
    body = (
        b'{"items":[{"itemId":"RR123456785SA",'
        b'"events":[{"code":"OVL","time":"2026-02-01T09:30:00+03:00"}]}]}'
    )

    event = adapter.parse_tracking(body).events[0]

    assert event.code is None
    assert event.partner_code == "OVL"


def test_every_upu_event_code_maps_to_itself():
    for text, meaning in CODES.items():
        assert meaning.code == EventCode(text)
    assert "OVL" not in CODES
    assert "OVV" not in CODES


def test_request_names_numbers_and_key():
    request = build_request("http://upu.test", ["RR123456785SA"], "k")

    assert request["url"] == "http://upu.test/v1/items"
    assert request["params"] == {"ids": "RR123456785SA"}
    assert request["headers"]["X-Api-Key"] == "k"


def test_accepts_s10_numbers_only(adapter):
    assert adapter.accepts("RR 123 456 785 SA")
    assert not adapter.accepts("RR123456784SA")
