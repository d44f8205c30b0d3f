"""The dashboard's periodic jobs: catch the counters up, and recount now and then."""

from ovs.dashboard import counters
from ovs.extensions import db
from ovs.scheduler import job


@job("dashboard.catch_up", "DASHBOARD_TICK_SECONDS")
def catch_up_counters() -> None:
    """Apply new items and status changes to the dashboard counters."""
    while counters.catch_up(db.session).messages:
        db.session.commit()
    db.session.commit()


@job("dashboard.rebuild", "DASHBOARD_REBUILD_SECONDS")
def rebuild_counters() -> None:
    """Recount the counters from the items, correcting any drift."""
    counters.rebuild(db.session)
    db.session.commit()
