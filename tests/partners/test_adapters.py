"""What every adapter here promises: full code maps, clear errors on bad input."""

import json

import pytest

import partners
from partners import canadapost
from partners import dhl
from partners import posmalaysia
from partners import postnl
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.base import TrackingResult
from partners.codes import Meaning

MODULES = {
    "postnl": postnl,
    "canadapost": canadapost,
    "dhl": dhl,
    "posmalaysia": posmalaysia,
}
KEY = {"posmalaysia": str.casefold}

GOOD = {
    "postnl": json.dumps(
        {
            "CompleteStatus": {
                "Shipment": [
                    {
                        "Barcode": "3SDEVC172649258",
                        "OldStatus": [
                            {"Code": "5", "TimeStamp": "01-12-2026 10:00:00"}
                        ],
                    }
                ]
            }
        }
    ).encode(),
    "canadapost": (
        b'<tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2">'
        b"<pin>7023210039414604</pin><significant-events><occurrence>"
        b"<event-identifier>0100</event-identifier><event-date>2026-12-01</event-date>"
        b"<event-time>10:00:00</event-time><event-time-zone>EST</event-time-zone>"
        b"</occurrence></significant-events></tracking-detail>"
    ),
    "dhl": json.dumps(
        {
            "shipments": [
                {
                    "id": "00340434161094042557",
                    "events": [
                        {
                            "timestamp": "2026-12-01T10:00:00+01:00",
                            "statusCode": "delivered",
                            "status": "Delivered",
                            "description": "The shipment has been delivered.",
                        }
                    ],
                }
            ]
        }
    ).encode(),
    "posmalaysia": json.dumps(
        {
            "data": [
                {
                    "connote_id": "RR123456785MY",
                    "date": "2026-12-01 10:00:00",
                    "process": "Item delivered",
                }
            ]
        }
    ).encode(),
}

NOT_JSON = {
    "postnl": "PostNL's answer is not JSON.",
    "dhl": "DHL's answer is not JSON.",
    "posmalaysia": "Pos Malaysia's answer is not JSON.",
}


def adapter(name):
    return partners.get(name)("http://127.0.0.1:9")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_adapter_is_registered(name):
    assert partners.get(name).name == name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_documented_status_is_mapped(name):
    module = MODULES[name]
    key = KEY.get(name, str)

    unmapped = [s for s in module.DOCUMENTED_STATUSES if key(s) not in module.CODE_MAP]

    assert unmapped == []


@pytest.mark.parametrize("name", ["postnl", "canadapost", "posmalaysia"])
def test_every_mapping_is_a_upu_event_or_explicitly_none(name):
    assert all(isinstance(m, Meaning) for m in MODULES[name].CODE_MAP.values())


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_good_body_parses(name):
    result = adapter(name).parse_tracking(GOOD[name])

    assert isinstance(result, TrackingResult)
    assert len(result.events) == 1


@pytest.mark.parametrize("name", sorted(NOT_JSON))
@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Bad gateway</body></html>", b'{"data": [', b"\xff\xfe"]
)
def test_json_adapters_refuse_what_is_not_json(name, body):
    with pytest.raises(MalformedResponse) as caught:
        adapter(name).parse_tracking(body)

    assert caught.value.message == NOT_JSON[name]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_truncated_body_is_malformed(name):
    body = GOOD[name][: len(GOOD[name]) // 2]

    with pytest.raises(MalformedResponse):
        adapter(name).parse_tracking(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "Canada Post's answer is empty."),
        (b"<html><body>Bad gateway", "Canada Post's answer is not well-formed XML."),
        (
            b"<html><body>down</body></html>",
            "Canada Post answered with a <html> document, not tracking-detail.",
        ),
    ],
)
def test_canada_post_refuses_what_is_not_its_xml(body, message):
    with pytest.raises(MalformedResponse) as caught:
        adapter("canadapost").parse_tracking(body)

    assert caught.value.message == message


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("postnl", b"[]", "PostNL's answer is not a JSON object."),
        ("postnl", b"{}", "PostNL's answer has no CompleteStatus."),
        ("dhl", b'{"shipments": {}}', "DHL's shipments is not a list."),
        ("dhl", b"{}", "DHL's answer has no shipments."),
        ("posmalaysia", b'{"data": {}}', "Pos Malaysia's data is not a list."),
        ("posmalaysia", b'{"message": "ok"}', "Pos Malaysia's answer has no data."),
    ],
)
def test_json_of_the_wrong_shape_is_malformed(name, body, message):
    with pytest.raises(MalformedResponse) as caught:
        adapter(name).parse_tracking(body)

    assert caught.value.message == message


@pytest.mark.parametrize("name", sorted(MODULES))
def test_more_numbers_than_the_batch_size_are_refused(name):
    chosen = adapter(name)
    numbers = ["RR123456785MY"] * (chosen.batch_size + 1)

    with pytest.raises(BadRequest) as caught:
        chosen.track(numbers)

    assert caught.value.message == (
        f"{chosen.title} takes at most {chosen.batch_size} numbers a request; "
        f"got {chosen.batch_size + 1}."
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_an_empty_batch_is_refused(name):
    with pytest.raises(BadRequest) as caught:
        adapter(name).track([])

    assert caught.value.message == "No tracking numbers given."


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_adapter_accepts_s10_and_refuses_nonsense(name):
    chosen = adapter(name)

    assert chosen.accepts("RR 123 456 785 MY")
    assert not chosen.accepts("hello")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_adapter_names_its_documentation(name):
    module = MODULES[name]

    assert partners.get(name).documentation
    assert "Follows" in module.__doc__
