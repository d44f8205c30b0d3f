"""Helpers for adapter tests: recorded-format fixtures, a tiny world, a live server."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.sandbox import SandboxEvent

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(post: str, name: str) -> bytes:
    """The raw body of a fixture answer in a post's documented format."""
    return (FIXTURES / post / name).read_bytes()


class TinyWorld:
    """A sandbox world of fixed item lives, for fake posts under test."""

    def __init__(self, lives: dict[str, list[SandboxEvent]]):
        self.lives = lives

    def events(self, tracking_number: str) -> list[SandboxEvent] | None:
        """The events of a number, or None when the world does not know it."""
        return self.lives.get(tracking_number)

    def now(self) -> dt.datetime:
        """A fixed sandbox clock."""
        return dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def at(day: int, hour: int) -> dt.datetime:
    """An aware UTC instant in February 2026."""
    return dt.datetime(2026, 2, day, hour, 7, tzinfo=dt.UTC)


def life(country: str, city: str, *, returned: bool = False) -> list[SandboxEvent]:
    """A typical inbound item life ending delivered, or returned to the sender."""
    events = [
        SandboxEvent(EventCode.POSTED, at(1, 2), "Jakarta", "ID", event_id="e1"),
        SandboxEvent(
            EventCode.DEPARTED_OUTWARD_OE, at(2, 3), "Jakarta", "ID", event_id="e2"
        ),
        SandboxEvent(
            EventCode.ARRIVED_INWARD_OE, at(4, 4), city, country, event_id="e3"
        ),
        SandboxEvent(
            EventCode.INTO_SORTING_CENTRE, at(5, 5), city, country, event_id="e4"
        ),
        SandboxEvent(
            EventCode.OUT_FOR_DELIVERY, at(6, 6), city, country, event_id="e5"
        ),
    ]
    if returned:
        events.append(
            SandboxEvent(
                EventCode.DELIVERY_ATTEMPTED,
                at(6, 9),
                city,
                country,
                measure=Measure.RETURN_TO_SENDER,
                reason="Addressee unknown",
                event_id="e6",
            )
        )
    else:
        events.append(
            SandboxEvent(EventCode.DELIVERED, at(6, 9), city, country, event_id="e6")
        )
    return events


@pytest.fixture
def serve():
    """Start blueprints on 127.0.0.1 at an ephemeral port; give the base URL."""
    servers = []

    def start(blueprint, prefix: str = "") -> str:
        app = Flask("fake_post")
        app.register_blueprint(blueprint, url_prefix=prefix or None)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}{prefix}"

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=5)
