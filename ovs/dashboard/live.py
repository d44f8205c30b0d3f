"""One tick of the live dashboard: catch the counters up, read the changed figures."""

from ovs.dashboard import counters
from ovs.dashboard.figures import Scope
from ovs.dashboard.figures import snapshot


def tick(session, scope: Scope) -> dict:
    """Apply pending status changes to the counters and read the figures in scope."""
    counters.catch_up(session)
    session.commit()
    return snapshot(session, scope)


def changed(before: dict | None, after: dict) -> dict | None:
    """Only the figures that differ from the last ones sent, or None if none do."""
    if before is None:
        return after
    diff = {"headline": {}, "missions": {}}
    for name, value in after["headline"].items():
        if before["headline"].get(name) != value:
            diff["headline"][name] = value
    for mission_id, figures in after["missions"].items():
        if before["missions"].get(mission_id) != figures:
            diff["missions"][mission_id] = figures
    if not diff["headline"] and not diff["missions"]:
        return None
    return diff
