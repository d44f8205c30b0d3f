"""The generic callback format: signing, verifying over the raw body, parsing."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import callbacks
from partners.base import MalformedResponse
from partners.base import SignatureInvalid

SECRET = "s3cret"
NOW = dt.datetime(2027, 1, 8, 12, tzinfo=dt.UTC)
STAMP = int(NOW.timestamp())


def _event(**fields):
    values = {
        "tracking_number": "RR123456785MY",
        "code": "EMI",
        "time": "2027-01-08T09:30:00+08:00",
        "location": "KUALA LUMPUR",
        "country": "my",
    }
    return values | fields


def test_a_signed_body_verifies():
    body = callbacks.body([_event()])
    headers = {"OVS-Signature": callbacks.header_value(SECRET, body, STAMP)}
    callbacks.verify(headers, body, SECRET, NOW)


def test_the_signature_covers_the_raw_bytes_not_the_json():
    body = callbacks.body([_event()])
    headers = {"OVS-Signature": callbacks.header_value(SECRET, body, STAMP)}
    reformatted = body.replace(b",", b", ")
    with pytest.raises(SignatureInvalid) as caught:
        callbacks.verify(headers, reformatted, SECRET, NOW)
    assert caught.value.message == "The signature does not match the body."


def test_the_signature_matches_the_documented_recipe():
    import hashlib
    import hmac

    body = b'{"events":[]}'
    expected = hmac.new(b"s3cret", b"%d.%s" % (STAMP, body), hashlib.sha256)
    assert callbacks.signature(SECRET, body, STAMP) == expected.hexdigest()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Missing OVS-Signature header."),
        ("", "Missing OVS-Signature header."),
        ("t=abc,v1=00", "The OVS-Signature header must be t=<unix seconds>,v1=<hex>."),
        (f"t={STAMP}", "The OVS-Signature header must be t=<unix seconds>,v1=<hex>."),
        (
            f"t={STAMP - 301},v1=00",
            "The signature timestamp is more than 5 minutes off.",
        ),
        (f"t={STAMP},v1=00", "The signature does not match the body."),
    ],
)
def test_bad_signatures_say_what_is_wrong(header, message):
    headers = {} if header is None else {"OVS-Signature": header}
    with pytest.raises(SignatureInvalid) as caught:
        callbacks.verify(headers, b"{}", SECRET, NOW)
    assert caught.value.message == message


def test_events_parse_with_their_offset_and_optional_fields():
    body = callbacks.body(
        [
            _event(
                code="EMH",
                reason="addressee absent",
                measure="return_to_sender",
                id="p-1",
            )
        ]
    )
    batch = callbacks.parse(body)
    ((index, event),) = batch.events
    assert index == 0 and batch.rejected == []
    assert event.code == EventCode.DELIVERY_ATTEMPTED
    assert event.occurred_at.utcoffset() == dt.timedelta(hours=8)
    assert (event.reason, event.measure) == (
        "addressee absent",
        Measure.RETURN_TO_SENDER,
    )
    assert (event.partner_event_id, event.country) == ("p-1", "MY")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"code": "XYZ"}, "unknown code"),
        ({"code": None}, "unknown code"),
        ({"time": "2027-01-08T09:30:00"}, "bad time"),
        ({"time": "8 Jan 2027"}, "bad time"),
        ({"time": None}, "bad time"),
        ({"tracking_number": ""}, "missing field: tracking_number"),
        ({"measure": "shrug"}, "unknown measure"),
    ],
)
def test_unusable_events_are_rejected_by_index(fields, reason):
    batch = callbacks.parse(callbacks.body([_event(), _event(**fields)]))
    assert [e for e, _ in batch.events] == [0]
    assert batch.rejected == [callbacks.CallbackRejection(1, reason)]


@pytest.mark.parametrize(
    "body", [b"", b"nope", b"[]", b'{"events": 3}', b'{"events": ["x"]}', b"{}"]
)
def test_a_body_of_another_shape_is_malformed(body):
    with pytest.raises(MalformedResponse):
        callbacks.parse(body)


def test_too_many_events_are_refused_whole():
    with pytest.raises(callbacks.TooManyEvents) as caught:
        callbacks.parse(callbacks.body([_event()] * 3), max_events=2)
    assert caught.value.message == "A callback carries at most 2 events; got 3."
