"""Reconciliation: every issued ballot accounted for, every difference named."""

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from ovs.dashboard.figures import OUT_IN_FLIGHT
from ovs.dashboard.figures import Scope
from ovs.dashboard.figures import by_status
from ovs.models import StatusCount
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg

OUT_FLIGHT = {S.POSTED, S.HELD_AT_CUSTOMS, S.DELIVERY_ATTEMPTED, *OUT_IN_FLIGHT}


@dataclass
class Line:
    """One mission's balance: issued against delivered, in flight, returned, lost."""

    mission_id: int
    issued: int = 0
    not_posted: int = 0
    in_flight: int = 0
    delivered: int = 0
    returned: int = 0
    lost: int = 0
    unaccounted: int = 0
    return_envelopes: int = 0
    received: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        """Issued items whose status puts them in one of the columns."""
        return (
            self.not_posted
            + self.in_flight
            + self.delivered
            + self.returned
            + self.lost
        )


def reconcile(session, scope: Scope) -> list[Line]:
    """One line per mission in scope, with its differences named in words."""
    lines = {}
    for (mission_id, leg, status), count in by_status(
        session, scope, StatusCount.mission_id
    ).items():
        line = lines.setdefault(mission_id, Line(mission_id))
        _add(line, leg, status, count)
    for line in lines.values():
        line.differences = _differences(line)
    return sorted(lines.values(), key=lambda line: line.mission_id)


def _add(line: Line, leg: str, status: str, count: int) -> None:
    if leg == Leg.RETURN:
        line.return_envelopes += count
        if status in {S.RECEIVED_ON_TIME, S.RECEIVED_LATE}:
            line.received += count
        return
    line.issued += count
    slot = _OUTBOUND_SLOT.get(status)
    if slot is None:
        line.unaccounted += count
    else:
        setattr(line, slot, getattr(line, slot) + count)


_OUTBOUND_SLOT = {
    S.PREPARED: "not_posted",
    S.DELIVERED: "delivered",
    S.RETURNED_UNDELIVERABLE: "returned",
    S.LOST: "lost",
    **dict.fromkeys(OUT_FLIGHT, "in_flight"),
}


def _differences(line: Line) -> list[str]:
    found = []
    if line.unaccounted:
        found.append(
            f"{line.unaccounted} outbound items are in a status of the return leg."
        )
    if line.return_envelopes != line.issued:
        gap = line.issued - line.return_envelopes
        found.append(
            f"{abs(gap)} ballots {'lack' if gap > 0 else 'have an extra'} "
            "return envelope."
        )
    if line.received > line.delivered:
        found.append(
            f"{line.received - line.delivered} returns arrived for ballots whose "
            "delivery the post never reported."
        )
    return found


def totals(lines: list[Line]) -> dict[str, int]:
    """Column totals over all lines."""
    summed = defaultdict(int)
    for line in lines:
        for name in (
            "issued",
            "not_posted",
            "in_flight",
            "delivered",
            "returned",
            "lost",
            "unaccounted",
            "return_envelopes",
            "received",
        ):
            summed[name] += getattr(line, name)
    return dict(summed)
