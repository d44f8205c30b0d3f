"""PostNL: Shipping Status answers in PostNL's format, parsed into UPU events."""

import datetime as dt
import json

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import postnl
from partners.base import MalformedResponse

BARCODE = "3SDEVC172649258"

COMPLETE = {
    "CompleteStatus": {
        "Shipment": [
            {
                "Barcode": BARCODE,
                "ProductCode": "003085",
                "Status": {
                    "StatusCode": "11",
                    "StatusDescription": "Zending afgeleverd",
                    "PhaseCode": "4",
                    "PhaseDescription": "Afgeleverd",
                    "TimeStamp": "03-12-2026 14:31:07",
                },
                "OldStatus": [
                    {
                        "Code": "11",
                        "Description": "Zending afgeleverd",
                        "PhaseCode": "4",
                        "TimeStamp": "03-12-2026 14:31:07",
                    },
                    {
                        "Code": "7",
                        "Description": "Zending in distributieproces",
                        "PhaseCode": "3",
                        "TimeStamp": "03-12-2026 07:02:11",
                    },
                    {
                        "Code": "1",
                        "Description": "Zending voorgemeld",
                        "PhaseCode": "1",
                        "TimeStamp": "01-12-2026 18:00:00",
                    },
                ],
            }
        ]
    }
}
NOT_FOUND = {
    "CompleteStatus": {
        "Shipment": [],
        "Warnings": [{"Code": "W001", "Description": "No shipment found"}],
    }
}


def test_complete_status_gives_each_status_once_with_its_upu_code():
    result = postnl.parse(json.dumps(COMPLETE).encode(), [BARCODE])

    assert [(e.partner_code, e.code) for e in result.events] == [
        ("11", EventCode.DELIVERED),
        ("7", EventCode.OUT_FOR_DELIVERY),
        ("1", None),
    ]
    assert result.not_found == []
    assert all(e.country == "NL" and e.offset_inferred for e in result.events)


def test_pre_advice_is_kept_without_a_upu_code():
    event = postnl.parse(json.dumps(COMPLETE).encode()).events[-1]

    assert event.code is None
    assert event.description == "Zending voorgemeld"


def test_unknown_status_code_is_kept_never_called_in_transit():
    body = json.loads(json.dumps(COMPLETE))
    body["CompleteStatus"]["Shipment"][0]["OldStatus"][1]["Code"] = "42"

    event = postnl.parse(json.dumps(body).encode()).events[1]

    assert (event.code, event.partner_code) == (None, "42")


def test_no_shipment_means_not_found():
    result = postnl.parse(json.dumps(NOT_FOUND).encode(), [BARCODE])

    assert result.events == []
    assert result.not_found == [BARCODE]


@pytest.mark.parametrize(
    ("stamp", "utc"),
    [
        ("03-12-2026 14:31:07", dt.datetime(2026, 12, 3, 13, 31, 7, tzinfo=dt.UTC)),
        ("03-07-2026 14:31:07", dt.datetime(2026, 7, 3, 12, 31, 7, tzinfo=dt.UTC)),
    ],
)
def test_dutch_local_time_is_read_in_amsterdam_winter_and_summer(stamp, utc):
    assert postnl.parse_timestamp(stamp) == utc


def test_return_statuses_carry_the_return_measure():
    for code in ("27", "28"):
        mapping = postnl.CODE_MAP[code]
        assert (mapping.code, mapping.measure) == (
            EventCode.DELIVERY_ATTEMPTED,
            Measure.RETURN_TO_SENDER,
        )


def test_a_bad_timestamp_is_a_malformed_response():
    body = json.loads(json.dumps(COMPLETE))
    body["CompleteStatus"]["Shipment"][0]["OldStatus"][0]["TimeStamp"] = "2026-12-03"

    with pytest.raises(MalformedResponse) as caught:
        postnl.parse(json.dumps(body).encode())

    assert caught.value.message == (
        "PostNL sent a TimeStamp that is not dd-mm-yyyy HH:MM:SS: '2026-12-03'."
    )
