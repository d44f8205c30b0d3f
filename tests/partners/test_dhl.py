"""DHL: Shipment Tracking - Unified answers parsed into UPU events."""

import datetime as dt
import json

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import dhl
from partners.base import MalformedResponse

NUMBER = "00340434161094042557"


def event(timestamp, status_code, status, description, country="DE", remark=None):
    entry = {
        "timestamp": timestamp,
        "location": {
            "address": {
                "countryCode": country,
                "postalCode": "53113",
                "addressLocality": "Bonn",
            }
        },
        "statusCode": status_code,
        "status": status,
        "description": description,
    }
    if remark:
        entry["remark"] = remark
    return entry


SAMPLE = {
    "shipments": [
        {
            "id": NUMBER,
            "service": "parcel-de",
            "status": event(
                "2026-12-03T10:14:00+01:00",
                "delivered",
                "Delivered",
                "The shipment has been delivered.",
            ),
            "events": [
                event(
                    "2026-12-03T10:14:00+01:00",
                    "delivered",
                    "Delivered",
                    "The shipment has been delivered.",
                ),
                event(
                    "2026-12-03T06:02:00Z",
                    "transit",
                    "Out for delivery",
                    "The shipment has been loaded onto the delivery vehicle.",
                ),
                event(
                    "2026-12-02T18:40:00",
                    "failure",
                    "Not delivered",
                    "The recipient was not present. A notification card was left.",
                    remark="Collect at retail outlet Bonn by 16 Dec 2026",
                ),
                event(
                    "2026-12-01T09:00:00+01:00",
                    "pre-transit",
                    "Announced",
                    "The instruction data for this shipment have been provided.",
                ),
            ],
        }
    ]
}
NOT_FOUND = {
    "type": "about:blank",
    "title": "No result found",
    "status": 404,
    "detail": "No shipment with given tracking number found.",
}


def test_events_map_by_status_code_and_their_words():
    result = dhl.parse(json.dumps(SAMPLE).encode(), [NUMBER])

    assert [(e.code, e.measure) for e in result.events] == [
        (EventCode.DELIVERED, None),
        (EventCode.OUT_FOR_DELIVERY, None),
        (EventCode.DELIVERY_ATTEMPTED, Measure.HELD_FOR_COLLECTION),
        (None, None),
    ]
    assert result.events[0].partner_code == "delivered/Delivered"
    assert result.events[2].reason == "Collect at retail outlet Bonn by 16 Dec 2026"


def test_reported_offsets_are_kept_and_bare_times_take_the_country_zone():
    events = dhl.parse(json.dumps(SAMPLE).encode()).events

    assert events[0].occurred_at.utcoffset() == dt.timedelta(hours=1)
    assert not events[0].offset_inferred
    assert events[1].occurred_at.utcoffset() == dt.timedelta(0)
    assert events[2].offset_inferred
    assert events[2].occurred_at.astimezone(dt.UTC) == dt.datetime(
        2026, 12, 2, 17, 40, tzinfo=dt.UTC
    )


def test_local_offset_and_utc_twin_are_the_same_instant():
    local, _ = dhl.timezones.resolve("2026-12-03T10:14:00+01:00", "Europe/Berlin")
    utc, _ = dhl.timezones.resolve("2026-12-03T09:14:00Z", "Europe/Berlin")

    assert local == utc


def test_a_transit_event_with_unknown_words_keeps_no_code():
    mapping = dhl.mapping_for("transit", "Shipment weighed")

    assert mapping.code is None


def test_a_problem_404_means_not_found():
    result = dhl.parse(json.dumps(NOT_FOUND).encode(), [NUMBER])

    assert (result.events, result.not_found) == ([], [NUMBER])


def test_a_number_missing_from_shipments_is_not_found():
    result = dhl.parse(json.dumps(SAMPLE).encode(), [NUMBER, "RR123456785DE"])

    assert result.not_found == ["RR123456785DE"]


def test_an_event_without_timestamp_is_malformed():
    body = json.loads(json.dumps(SAMPLE))
    del body["shipments"][0]["events"][0]["timestamp"]

    with pytest.raises(MalformedResponse) as caught:
        dhl.parse(json.dumps(body).encode())

    assert caught.value.message == "A DHL event has no timestamp."


@pytest.mark.parametrize(
    ("timestamp", "country", "why"),
    [
        ("3 Dec 2026", "DE", "Invalid isoformat string: '3 Dec 2026'"),
        (
            "2026-12-03T10:14:00",
            "ZZ",
            "time '2026-12-03T10:14:00' has no UTC offset and its place is unknown",
        ),
    ],
)
def test_a_timestamp_that_cannot_be_placed_in_time_is_malformed(
    timestamp, country, why
):
    body = {
        "shipments": [
            {
                "id": NUMBER,
                "events": [event(timestamp, "transit", None, "Processed", country)],
            }
        ]
    }

    with pytest.raises(MalformedResponse) as caught:
        dhl.parse(json.dumps(body).encode())

    assert caught.value.message == (
        f"DHL sent an event for {NUMBER} with a bad timestamp: {why}."
    )


def test_problem_text_reads_title_and_detail():
    assert dhl.problem_text(json.dumps(NOT_FOUND).encode()) == (
        "No result found: No shipment with given tracking number found"
    )
