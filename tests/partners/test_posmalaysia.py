"""Pos Malaysia: tracking event lists parsed into UPU events in Malaysian time."""

import datetime as dt
import json

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import posmalaysia
from partners.base import MalformedResponse

FIRST, SECOND = "RR123456785MY", "EE123456785MY"

SAMPLE = {
    "message": "success",
    "data": [
        {
            "connote_id": FIRST,
            "date": "2026-12-01 09:12:44",
            "process": "Item posted over the counter",
            "process_summary": "",
            "office": "Pos Malaysia Jalan Ampang",
        },
        {
            "connote_id": FIRST,
            "date": "2026-12-03 15:40:00",
            "process": "Delivery unsuccessful, notice card left",
            "process_summary": "Collect at Pos Malaysia Jalan Ampang by 17 Dec 2026",
            "office": "Pos Malaysia Jalan Ampang",
        },
        {
            "connote_id": FIRST,
            "date": "2026-12-02 08:00:00",
            "process": "Item handed to partner courier",
            "process_summary": "",
            "office": "Kota Kinabalu, SABAH",
        },
    ],
}


def test_events_map_by_process_text_with_notice_and_place():
    result = posmalaysia.parse(json.dumps(SAMPLE).encode(), [FIRST, SECOND])

    posted, notice, unknown = result.events
    assert posted.code == EventCode.POSTED
    assert (notice.code, notice.measure) == (
        EventCode.DELIVERY_ATTEMPTED,
        Measure.HELD_FOR_COLLECTION,
    )
    assert notice.reason == "Collect at Pos Malaysia Jalan Ampang by 17 Dec 2026"
    assert notice.location == "Pos Malaysia Jalan Ampang"
    assert (unknown.code, unknown.partner_code) == (
        None,
        "Item handed to partner courier",
    )
    assert result.not_found == [SECOND]


def test_bare_times_are_malaysian_and_marked_inferred():
    posted = posmalaysia.parse(json.dumps(SAMPLE).encode()).events[0]

    assert posted.offset_inferred
    assert posted.occurred_at.astimezone(dt.UTC) == dt.datetime(
        2026, 12, 1, 1, 12, 44, tzinfo=dt.UTC
    )


def test_local_time_and_utc_twin_are_the_same_instant():
    local, inferred = posmalaysia.occurred_at("2026-12-01 09:12:44", "Kuala Lumpur")
    utc, reported = posmalaysia.occurred_at("2026-12-01T01:12:44Z", "Kuala Lumpur")

    assert local == utc
    assert (inferred, reported) == (True, False)


def test_process_text_is_matched_without_case():
    body = json.loads(json.dumps(SAMPLE))
    body["data"][0]["process"] = "ITEM POSTED OVER THE COUNTER"

    assert posmalaysia.parse(json.dumps(body).encode()).events[0].code == (
        EventCode.POSTED
    )


def test_an_event_without_connote_is_malformed():
    body = {"data": [{"date": "2026-12-01 09:00:00", "process": "Item delivered"}]}

    with pytest.raises(MalformedResponse) as caught:
        posmalaysia.parse(json.dumps(body).encode())

    assert caught.value.message == "A Pos Malaysia event lacks connote_id."


def test_an_empty_list_means_every_number_is_not_found():
    result = posmalaysia.parse(b'{"message": "success", "data": []}', [FIRST])

    assert result.not_found == [FIRST]
