"""A poller in a process of its own, for the tests that run several of them.

Usage: ``python -m tests.tracking.poll_worker DATABASE_URL OWNER [GO_FILE]
[SKEW_SECONDS]``. It registers the fake post, waits for GO_FILE to exist (so
several workers start together), then polls until a tick finds nothing due,
with its clock SKEW_SECONDS ahead. It prints its totals as JSON.
"""

import dataclasses
import datetime as dt
import json
import sys
import time
from pathlib import Path

import partners
from ovs.extensions import db
from ovs.models.base import utcnow
from ovs.tracking import poller
from tests.conftest import make_test_app
from tests.tracking import fake_post

partners.REGISTRY[fake_post.NAME] = fake_post.MODULE


def main(url: str, owner: str, go: str = "", skew: str = "0") -> None:
    """Poll until nothing is due; print the totals."""
    app = make_test_app(url, POLL_MAX_ITEMS_PER_TICK=20, POLL_LEASE_SECONDS=60)
    total = poller.PollReport()
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        while go and not Path(go).exists():
            time.sleep(0.01)
        while True:
            now = utcnow() + dt.timedelta(seconds=float(skew))
            report = poller.PollReport()
            for partner_id in poller.poll_partner_ids(db.session):
                poller.poll_partner(db.session, partner_id, owner, report, now)
            if report.requests == 0:
                break
            for name in ("requests", "items", "accepted", "failures"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
        db.engine.dispose()
    print(json.dumps(dataclasses.asdict(total)), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
