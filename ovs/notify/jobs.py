"""The periodic notification job: read the outbox, send what is due, tidy counters."""

from flask import current_app

from ovs.extensions import db
from ovs.notify import channels
from ovs.notify import feed
from ovs.notify import sender
from ovs.portal import attempts
from ovs.scheduler import job


@job("notify.run", "NOTIFY_TICK_SECONDS")
def run() -> None:
    """Queue messages for new ballot news, send the due ones, drop old counters."""
    config = current_app.config
    feed.read(
        db.session,
        settle_seconds=config["NOTIFY_SETTLE_SECONDS"],
        batch=config["NOTIFY_BATCH"],
    )
    db.session.commit()
    sender.send_due(db.session, channels=channels.from_config(config), config=config)
    db.session.commit()
    attempts.prune(db.session, config["PORTAL_ATTEMPT_WINDOW_SECONDS"])
    db.session.commit()
