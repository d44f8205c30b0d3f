"""Each adapter against the whole partner sandbox, as the demo runs it."""

import datetime as dt

import pytest

import partners
from partners import credentials
from partners.sandbox.server import SandboxServer

NUMBERS = {
    "upu": "RR123456785SA",
    "usps": "RR123456785US",
    "auspost": "RR123456785AU",
    "royalmail": "RR123456785GB",
}


@pytest.fixture(scope="module")
def whole_sandbox():
    started = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)
    server = SandboxServer(speed=0.0, start=started).start(push_interval=None)
    yield server
    server.stop()


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_adapter_reads_every_simulated_event_at_its_instant(whole_sandbox, name):
    number = NUMBERS[name]
    adapter = partners.get(name)(
        f"{whole_sandbox.url}/{name}",
        credentials.sandbox(name),
        {"country": number[-2:]},
    )

    result = adapter.track([number])

    simulated = whole_sandbox.world.events(number, name)
    assert simulated
    assert sorted(e.occurred_at for e in result.events) == sorted(
        e.occurred_at for e in simulated
    )
    for event in result.events:
        assert event.tracking_number == number
        assert not event.offset_inferred
