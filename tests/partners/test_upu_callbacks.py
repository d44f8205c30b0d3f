"""The UPU-standard adapter takes callbacks in OVS's generic signed format."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import callbacks
from partners.base import SignatureInvalid
from partners.upu import UpuAdapter

SECRET = "s3cret"
NOW = dt.datetime(2026, 2, 7, 8, 0, tzinfo=dt.UTC)
BODY = callbacks.body(
    [
        {
            "tracking_number": "RR123456785SA",
            "code": "EMH",
            "time": "2026-02-07T14:00:00+07:00",
            "location": "Bandung",
            "country": "ID",
            "reason": "Addressee moved",
            "measure": "return_to_sender",
            "id": "id-2",
        }
    ]
)


def signed(body: bytes, at: dt.datetime = NOW) -> dict:
    stamp = int(at.timestamp())
    return {"OVS-Signature": callbacks.header_value(SECRET, body, stamp)}


def test_signed_callback_is_accepted_and_parsed():
    adapter = UpuAdapter("http://upu.test")

    adapter.verify_callback(signed(BODY), BODY, SECRET, NOW)
    (event,) = adapter.parse_callback(BODY)

    assert event.code == EventCode.DELIVERY_ATTEMPTED
    assert event.measure == Measure.RETURN_TO_SENDER
    assert event.occurred_at == dt.datetime(2026, 2, 7, 7, 0, tzinfo=dt.UTC)
    assert event.partner_event_id == "id-2"


def test_signature_over_another_body_is_refused():
    adapter = UpuAdapter("http://upu.test")
    tampered = BODY.replace(b"return_to_sender", b"retry")

    with pytest.raises(SignatureInvalid, match="does not match the body"):
        adapter.verify_callback(signed(BODY), tampered, SECRET, NOW)


def test_stale_signature_is_refused():
    adapter = UpuAdapter("http://upu.test")
    headers = signed(BODY, NOW - dt.timedelta(hours=1))

    with pytest.raises(SignatureInvalid, match="minutes off"):
        adapter.verify_callback(headers, BODY, SECRET, NOW)
