"""Whatever a fake post renders, its adapter reads back at the same instant."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import partners
from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.sandbox import SandboxEvent
from partners.sandbox.posts import auspost
from partners.sandbox.posts import royalmail
from partners.sandbox.posts import upu
from partners.sandbox.posts import usps
from tests.partners.conftest import TinyWorld

NUMBER = "RR123456785SA"
PLACES = [
    ("Chicago, IL", "US"),
    ("Honolulu, HI", "US"),
    ("Phoenix, AZ", "US"),
    ("KEW VIC", "AU"),
    ("Perth WA", "AU"),
    ("Leeds", "GB"),
    ("Riyadh", "SA"),
    ("Jakarta", "ID"),
    ("Kuala Lumpur", "MY"),
]


def render(name: str, events: list[SandboxEvent]) -> bytes:
    """The body a fake post answers for one number with these events."""
    if name == "upu":
        body = upu.render(TinyWorld({NUMBER: events}), [NUMBER])
    elif name == "usps":
        body = usps.render(NUMBER, events)
    elif name == "auspost":
        body = {"tracking_results": [auspost.render_result(NUMBER, events)]}
    else:
        body = royalmail.render(NUMBER, events)
    return json.dumps(body).encode()


instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2090, 12, 31),
    timezones=st.just(dt.UTC),
).map(lambda moment: moment.replace(microsecond=0))
events = st.lists(
    st.builds(
        SandboxEvent,
        code=st.sampled_from(sorted(EventCode, key=str)),
        occurred_at=instants,
        location=st.sampled_from(PLACES).map(lambda place: place[0]),
        country=st.sampled_from(PLACES).map(lambda place: place[1]),
        measure=st.none() | st.sampled_from(sorted(Measure, key=str)),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.parametrize("name", ["upu", "usps", "auspost", "royalmail"])
@settings(max_examples=60, deadline=None)
@given(simulated=events)
def test_every_rendered_event_is_read_back_at_its_instant(name, simulated):
    adapter = partners.get(name)("http://post.test", settings={"country": "SA"})

    result = adapter.parse_tracking(render(name, simulated))

    assert sorted(e.occurred_at for e in result.events) == sorted(
        e.occurred_at for e in simulated
    )
    assert not any(e.offset_inferred for e in result.events)


@pytest.mark.parametrize("name", ["upu", "usps", "auspost", "royalmail"])
@settings(max_examples=60, deadline=None)
@given(simulated=events)
def test_a_return_is_never_read_as_another_measure(name, simulated):
    adapter = partners.get(name)("http://post.test", settings={"country": "SA"})

    result = adapter.parse_tracking(render(name, simulated))

    # Lists, not sorted: a measure of None does not order against a Measure.
    expected = [
        (e.occurred_at, e.measure)
        for e in simulated
        if e.code == EventCode.DELIVERY_ATTEMPTED
    ]
    read = [
        (e.occurred_at, e.measure)
        for e in result.events
        if e.code == EventCode.DELIVERY_ATTEMPTED
    ]
    for moment, measure in read:
        assert (moment, measure) in expected or (moment, None) in expected
