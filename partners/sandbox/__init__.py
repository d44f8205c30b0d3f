"""The partner sandbox: an HTTP server that plays every partner post.

It serves each adapter's tracking API in that post's own format, moves items
through realistic lives on an accelerated clock, sends signed callbacks, and
can be told to misbehave. Each post's format lives in ``posts/<adapter>.py``,
which exposes ``blueprint(world) -> flask.Blueprint`` answering that post's
tracking paths; the server mounts it under ``/<adapter>``, so an adapter talks
to ``<sandbox URL>/<adapter>`` as its base URL.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from ovs.postal.events import EventCode
from ovs.postal.events import Measure


@dataclass(frozen=True)
class SandboxEvent:
    """One step in an item's simulated life, in UPU terms."""

    code: EventCode
    occurred_at: dt.datetime
    location: str
    country: str
    measure: Measure | None = None
    reason: str | None = None
    event_id: str = ""


class World(Protocol):
    """What a sandbox post reads: the simulated life of each item it carries."""

    def events(self, tracking_number: str) -> list[SandboxEvent] | None:
        """The events that have happened by now (sandbox clock), None if unknown."""

    def now(self) -> dt.datetime:
        """The sandbox clock, aware UTC."""
