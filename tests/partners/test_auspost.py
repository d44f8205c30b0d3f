"""The Australia Post adapter reads Track items answers into UPU events."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.auspost import CODES
from partners.auspost import ITEM_STATUSES
from partners.auspost import AusPostAdapter
from partners.auspost import build_request
from partners.auspost import meaning_of
from partners.auspost import place_of
from partners.base import BadRequest
from partners.base import Credentials
from tests.partners.conftest import fixture_bytes

# "Reference: statuses", Australia Post article status table.
DOCUMENTED_STATUSES = (
    "Created",
    "Sealed",
    "Initiated",
    "In transit",
    "Delivered",
    "Awaiting collection",
    "Possible delay",
    "Unsuccessful pickup",
    "Article damaged",
    "Cancelled",
    "Held by courier",
    "Cannot be delivered",
    "Track items for detailed delivery information",
)


@pytest.fixture
def adapter():
    return AusPostAdapter("http://auspost.test")


@pytest.mark.parametrize("status", DOCUMENTED_STATUSES)
def test_every_documented_status_is_accounted_for(status):
    assert ITEM_STATUSES[status].unmapped


@pytest.mark.parametrize("description", list(CODES))
def test_every_documented_description_maps_or_says_why(description):
    documented, meaning = meaning_of(description)

    assert documented == description
    assert meaning.code is not None or meaning.unmapped


def test_delivered_item_events_in_upu_codes(adapter):
    result = adapter.parse_tracking(fixture_bytes("auspost", "track.json"))
    first = [e for e in result.events if e.tracking_number == "RR123456785ID"]

    assert [e.code for e in first] == [
        EventCode.DELIVERED,
        EventCode.OUT_FOR_DELIVERY,
        EventCode.OUT_OF_SORTING_CENTRE,
        EventCode.INTO_SORTING_CENTRE,
        EventCode.ARRIVED_INWARD_OE,
        EventCode.RETURNED_FROM_EXPORT_CUSTOMS,
        EventCode.POSTED,
    ]
    assert result.not_found == ["CP111111115AU"]


def test_consignment_articles_and_returns_are_read(adapter):
    result = adapter.parse_tracking(fixture_bytes("auspost", "track.json"))
    second = [e for e in result.events if e.tracking_number == "RR876543216AU"]

    assert [(e.code, e.measure) for e in second] == [
        (EventCode.DELIVERY_ATTEMPTED, Measure.RETURN_TO_SENDER),
        (EventCode.DELIVERY_ATTEMPTED, Measure.HELD_FOR_COLLECTION),
        (None, None),
        (None, None),
    ]
    assert second[2].description == "Shipping information received by Australia Post"
    assert second[3].partner_code == "Item scanned by drone"


def test_places_give_country_and_state(adapter):
    events = adapter.parse_tracking(fixture_bytes("auspost", "track.json")).events

    assert (events[0].location, events[0].country) == ("KEW VIC", "AU")
    assert events[5].country == "ID"
    assert events[6].country == "ID"
    assert place_of("NZ") == ("NZ", None)
    assert place_of("Transit Scan") == (None, None)


def test_times_keep_the_reported_offset(adapter):
    delivered = adapter.parse_tracking(fixture_bytes("auspost", "track.json")).events[0]

    assert delivered.occurred_at == dt.datetime(2026, 2, 11, 0, 4, 27, tzinfo=dt.UTC)
    assert delivered.occurred_at.utcoffset() == dt.timedelta(hours=11)
    assert not delivered.offset_inferred


def test_time_without_offset_is_read_in_the_state_zone(adapter):
    events = adapter.parse_tracking(fixture_bytes("auspost", "no_offset.json")).events

    brisbane, adelaide, unnamed = events
    assert all(e.offset_inferred for e in events)
    assert brisbane.occurred_at.utcoffset() == dt.timedelta(hours=10)
    assert adelaide.occurred_at.utcoffset() == dt.timedelta(hours=10, minutes=30)
    assert unnamed.occurred_at.utcoffset() == dt.timedelta(hours=11)


def test_request_error_answer_is_a_bad_request(adapter):
    with pytest.raises(BadRequest, match="51101 The request must contain 10 or less"):
        adapter.parse_tracking(fixture_bytes("auspost", "too_many.json"))


def test_request_carries_account_and_basic_auth():
    credentials = Credentials(
        {"api_key": "key", "password": "pw", "account_number": "0001"}
    )

    request = build_request("http://auspost.test", ["A1", "B2"], credentials)

    assert request["url"] == "http://auspost.test/shipping/v1/track"
    assert request["params"] == {"tracking_ids": "A1,B2"}
    assert request["headers"]["Account-Number"] == "0001"
    assert request["headers"]["Authorization"] == "Basic a2V5OnB3"


def test_an_id_refused_for_another_reason_does_not_sink_the_batch(adapter):
    body = (
        b'{"tracking_results":['
        b'{"tracking_id":"RR000000005AU","errors":[{"code":"ESB-20003",'
        b'"name":"Product not trackable"}]},'
        b'{"tracking_id":"RR123456785AU","trackable_items":[{"article_id":'
        b'"RR123456785AU","events":[{"description":"Delivered",'
        b'"date":"2026-02-11T11:04:27+11:00"}]}]}]}'
    )

    result = adapter.parse_tracking(body)

    assert result.not_found == ["RR000000005AU"]
    assert [e.code for e in result.events] == [EventCode.DELIVERED]
