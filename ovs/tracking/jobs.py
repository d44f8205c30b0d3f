"""The tracking engine's periodic jobs: polling partners and watching deadlines."""

from ovs.extensions import db
from ovs.scheduler import job
from ovs.tracking import deadlines
from ovs.tracking import poller
from ovs.tracking import watch


@job("tracking.poll", "POLL_TICK_SECONDS")
def poll_partners() -> None:
    """Poll every partner for its due items."""
    poller.poll_once(db.session)


@job("tracking.deadlines", "DEADLINE_TICK_SECONDS")
def watch_deadlines() -> None:
    """Learn lane transit times, re-judge at-risk flags, propose silent items lost."""
    deadlines.learn_lanes(db.session)
    watch.refresh_risk(db.session)
    watch.propose_lost(db.session)
    db.session.commit()
