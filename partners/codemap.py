"""How a partner's documented status codes map onto UPU events."""

from dataclasses import dataclass

from ovs.postal.events import EventCode
from ovs.postal.events import Measure


@dataclass(frozen=True)
class Mapping:
    """The UPU event (and delivery measure) one partner status stands for.

    ``code`` is None for a documented status that is no physical event on the
    item (an electronic pre-advice, a signature image): it is kept and shown,
    never guessed as a movement.
    """

    code: EventCode | None
    measure: Measure | None = None


def upu(code: EventCode, measure: Measure | None = None) -> Mapping:
    """A mapping onto a UPU event."""
    return Mapping(code, measure)


NO_EVENT = Mapping(None)
