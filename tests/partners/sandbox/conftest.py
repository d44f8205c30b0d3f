"""A real sandbox server on 127.0.0.1, an ephemeral port, for the whole module."""

import datetime as dt

import pytest

import partners
from ovs.postal import s10
from partners import credentials as partner_credentials
from partners.sandbox.server import SandboxServer

START = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sandbox():
    """A running sandbox with a stopped clock at START; nothing pushes by itself."""
    server = SandboxServer(port=0, start=START, seed=0).start(push_interval=None)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def calm(request):
    """Every test starts with all faults off and the clock at START."""
    yield
    if "sandbox" in request.fixturenames:
        server = request.getfixturevalue("sandbox")
        server.faults.clear()
        server.clock.set(START, speed=0)


def adapter_for(server, name, credentials=None, timeout=5.0):
    """The registered adapter, pointed at its fake post with the keys it accepts."""
    if credentials is None:
        credentials = partner_credentials.sandbox(name)
    return partners.get(name)(f"{server.url}/{name}", credentials, timeout=timeout)


def s10_number(serial: int, country: str, indicator: str = "RR") -> str:
    """A valid S10 number."""
    digits = f"{serial:08d}"
    return f"{indicator}{digits}{s10.check_digit(digits)}{country}"
