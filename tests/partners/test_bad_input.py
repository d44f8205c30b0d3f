"""Every adapter turns bad answers into a clear adapter error, never a crash."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import partners
from partners.base import AdapterError
from partners.base import BadRequest
from partners.base import MalformedResponse
from tests.partners.conftest import fixture_bytes

ADAPTERS = ["upu", "usps", "auspost", "royalmail"]
GOOD = {
    "upu": ("upu", "items.json"),
    "usps": ("usps", "delivered.json"),
    "auspost": ("auspost", "track.json"),
    "royalmail": ("royalmail", "events.json"),
}


def adapter(name: str):
    return partners.get(name)("http://post.test", settings={"country": "SA"})


@pytest.mark.parametrize("name", ADAPTERS)
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "answered with an empty body."),
        (b"   \n", "answered with an empty body."),
        (
            b"<!DOCTYPE html><html><body>Maintenance</body></html>",
            "answered with HTML or XML instead of JSON.",
        ),
        (
            b'<?xml version="1.0"?><error>down</error>',
            "answered with HTML or XML instead of JSON.",
        ),
        (b"\xff\xfe\x00garbage", "answered with a body that is not UTF-8."),
        (b"[]", "(expected dict, got list)."),
        (b"42", "(expected dict, got int)."),
    ],
)
def test_unusable_bodies_are_malformed_responses(name, body, message):
    with pytest.raises(MalformedResponse) as caught:
        adapter(name).parse_tracking(body)

    assert caught.value.message.endswith(message)


@pytest.mark.parametrize("name", ADAPTERS)
def test_truncated_json_is_a_malformed_response(name):
    post, fixture = GOOD[name]
    body = fixture_bytes(post, fixture)

    with pytest.raises(MalformedResponse, match="truncated or invalid"):
        adapter(name).parse_tracking(body[: len(body) // 2])


@pytest.mark.parametrize("name", ADAPTERS)
def test_numbers_over_the_batch_size_are_refused_before_any_call(name):
    chosen = adapter(name)
    numbers = [f"RR{n:08d}5SA" for n in range(chosen.batch_size + 1)]

    with pytest.raises(BadRequest) as caught:
        chosen.track(numbers)

    assert caught.value.message == (
        f"{chosen.title} takes at most {chosen.batch_size} numbers a request; "
        f"got {chosen.batch_size + 1}."
    )


@pytest.mark.parametrize("name", ADAPTERS)
def test_an_empty_batch_is_refused(name):
    with pytest.raises(BadRequest, match=r"No tracking numbers given\."):
        adapter(name).track([])


@pytest.mark.parametrize("name", ADAPTERS)
@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=300))
def test_random_bytes_never_escape_as_another_exception(name, body):
    with contextlib.suppress(AdapterError):
        adapter(name).parse_tracking(body)


@pytest.mark.parametrize("name", ADAPTERS)
@settings(max_examples=60, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "items",
                        "itemId",
                        "events",
                        "code",
                        "time",
                        "trackingNumber",
                        "trackingEvents",
                        "GMTTimestamp",
                        "GMTOffset",
                        "eventTimestamp",
                        "tracking_results",
                        "trackable_items",
                        "date",
                        "errors",
                        "mailPieces",
                        "eventDateTime",
                        "error",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_random_json_shapes_never_escape_as_another_exception(name, value):
    with contextlib.suppress(AdapterError):
        adapter(name).parse_tracking(json.dumps(value).encode())


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("upu", b'{"items":[{"itemId":"A","events":[{"time":"0001-01-01T00:00"}]}]}'),
        (
            "royalmail",
            b'{"mailPieces":{"mailPieceId":"A",'
            b'"events":[{"eventDateTime":"0001-01-01T00:30:00+01:00"}]}}',
        ),
        ("usps", b'{"trackingNumber":"A","trackingEvents":[{"GMTOffset":"+25:00"}]}'),
        (
            "auspost",
            b'{"tracking_results":[{"tracking_id":"A","trackable_items":'
            b'[{"events":[{"date":"yesterday"}]}]}]}',
        ),
    ],
)
def test_impossible_times_are_malformed_responses(name, body):
    with pytest.raises(MalformedResponse, match=r"bad (time|date)"):
        adapter(name).parse_tracking(body)
