"""Demo only: tell the partner sandbox about every batch OVS hands over.

A real post learns of an item when the mission hands it over; the sandbox
learns of it from here, so each simulated life starts at the real handover.
Production code never calls the sandbox: only the demo command runs this.
"""

import datetime as dt
import threading

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ovs import logs
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.postal.status import Leg
from partners.base import AdapterError
from partners.sandbox.client import HandedOver
from partners.sandbox.client import register_items

log = logs.get(__name__)

CHUNK = 2000
WATCH_SECONDS = 5.0


def handed_over(session, exclude: set[int] = frozenset()) -> tuple[list, set[int]]:
    """Items of handed-over batches not in ``exclude``, outbound first; batch ids."""
    rows = session.execute(
        select(Item, DispatchBatch, Mission.country, PartnerPost)
        .join(Ballot, Ballot.id == Item.ballot_id)
        .join(DispatchBatch, DispatchBatch.id == Ballot.batch_id)
        .join(Mission, Mission.id == Item.mission_id)
        .join(PartnerPost, PartnerPost.id == Item.partner_id)
        .where(
            DispatchBatch.state == "handed_over",
            DispatchBatch.id.not_in(exclude) if exclude else True,
        )
        .order_by(Item.id)
    ).all()
    outbound = {
        i.ballot_id: i.tracking_number for i, *_ in rows if i.leg == Leg.OUTBOUND
    }
    items = [
        _handed_over(item, batch, country, partner, outbound.get(item.ballot_id))
        for item, batch, country, partner in rows
    ]
    # A return envelope's life hangs on its outbound item, known first.
    items.sort(key=lambda h: h.leg != Leg.OUTBOUND)
    return items, {batch.id for _, batch, _, _ in rows}


def _handed_over(item, batch, country: str, partner, outbound: str | None):
    posted = batch.handed_over_at
    if posted.tzinfo is None:
        posted = posted.replace(tzinfo=dt.UTC)
    is_return = item.leg == Leg.RETURN
    return HandedOver(
        tracking_number=item.tracking_number,
        partner=partner.adapter,
        partner_code=partner.code,
        leg=Leg.RETURN if is_return else Leg.OUTBOUND,
        origin=item.voter_country if is_return else country,
        destination=country if is_return else item.voter_country,
        posted_at=posted,
        outbound=outbound if is_return else None,
    )


def register_new(session, sandbox_url: str, known: set[int]) -> int:
    """Register the items of batches handed over since ``known``; add their ids."""
    items, batches = handed_over(session, known)
    for start in range(0, len(items), CHUNK):
        register_items(sandbox_url, items[start : start + CHUNK])
    known.update(batches)
    if items:
        log.info("demo.sandbox_registered", batches=len(batches), items=len(items))
    return len(items)


class HandoverWatch:
    """A thread that registers each newly handed-over batch with the sandbox."""

    def __init__(self, app, sandbox_url: str, known: set[int]):
        self.app, self.sandbox_url, self.known = app, sandbox_url, known
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="demo-handover-watch", daemon=True
        )

    def start(self, every: float = WATCH_SECONDS) -> "HandoverWatch":
        """Look for new handovers every ``every`` seconds in the background."""
        self.every = every
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop looking."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from ovs.extensions import db

        while not self._stop.wait(self.every):
            with self.app.app_context():
                try:
                    register_new(db.session, self.sandbox_url, self.known)
                except (AdapterError, SQLAlchemyError) as exc:
                    # The demo keeps serving; the next look tries again.
                    log.warning("demo.sandbox_register_failed", error=str(exc))
                finally:
                    db.session.remove()
