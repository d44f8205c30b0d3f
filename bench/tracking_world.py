"""Shared by the tracking benchmarks: items in flight on a scratch database.

Builds a fresh, migrated database (see ``scratch``) and fills it quickly with
one election, one mission, one partner post and N ballots (two items each) using
plain bulk inserts.
"""

import contextlib
import datetime as dt
import secrets
import sys
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.extensions import db
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import Voter
from ovs.postal import s10
from ovs.postal.events import EventCode

JOURNEY = (
    EventCode.POSTED,
    EventCode.ARRIVED_OUTWARD_OE,
    EventCode.DEPARTED_OUTWARD_OE,
    EventCode.ARRIVED_INWARD_OE,
    EventCode.INTO_SORTING_CENTRE,
    EventCode.ARRIVED_DELIVERY_OFFICE,
    EventCode.OUT_FOR_DELIVERY,
    EventCode.DELIVERED,
)


def fill(session, ballots: int, adapter: str = "upu", settings=None) -> PartnerPost:
    """One election, mission and partner, and ``ballots`` ballots with two items."""
    now = dt.datetime.now(dt.UTC)
    election = Election(
        code="B1",
        name="Bench",
        home_country="ID",
        voting_day=(now + dt.timedelta(days=40)).date(),
        return_deadline=now + dt.timedelta(days=40),
    )
    session.add(election)
    session.flush()
    mission = Mission(
        election_id=election.id,
        code="KUL",
        name="KBRI Kuala Lumpur",
        country="MY",
        city="Kuala Lumpur",
        timezone="Asia/Kuala_Lumpur",
        return_address={"city": "Kuala Lumpur"},
    )
    partner = PartnerPost(
        code="bench",
        name="Bench post",
        country="MY",
        adapter=adapter,
        settings=settings or {"country": "MY"},
        callback_secret=secrets.token_hex(16),
    )
    session.add_all([mission, partner])
    session.flush()
    _voters_and_ballots(session, election, mission, ballots, now)
    _items(session, mission, partner, now)
    session.commit()
    return partner


def _voters_and_ballots(session, election, mission, count, now):
    session.execute(
        insert(Voter),
        [
            {
                "election_id": election.id,
                "mission_id": mission.id,
                "registry_number": f"R{n:012d}",
                "full_name": f"Voter {n}",
                "date_of_birth": dt.date(1980, 1, 1),
                "country": "MY",
                "address": {"city": "Kuala Lumpur"},
                "language": "id",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(count)
        ],
    )
    voter_ids = session.scalars(select(Voter.id).order_by(Voter.id)).all()
    session.execute(
        insert(Ballot),
        [
            {
                "voter_id": v,
                "mission_id": mission.id,
                "sequence": 1,
                "state": "live",
                "created_at": now,
            }
            for v in voter_ids
        ],
    )


def _items(session, mission, partner, now):
    ballot_ids = session.scalars(select(Ballot.id).order_by(Ballot.id)).all()
    rows = []
    for n, ballot_id in enumerate(ballot_ids):
        for leg, serial in (("outbound", 2 * n + 1), ("return", 2 * n + 2)):
            rows.append(
                {
                    "ballot_id": ballot_id,
                    "mission_id": mission.id,
                    "partner_id": partner.id,
                    "leg": leg,
                    "service_class": "registered",
                    "tracking_number": str(s10.make("RR", serial, "MY")),
                    "voter_country": "MY",
                    "status": "prepared" if leg == "outbound" else "awaiting_voter",
                    "status_changed_at": now,
                    "is_final": False,
                    "event_count": 0,
                    "at_risk": False,
                    "poll_count": 0,
                    "reported_by_callback": False,
                    "next_poll_at": now - dt.timedelta(minutes=1),
                    "created_at": now,
                }
            )
    for start in range(0, len(rows), 5000):
        session.execute(insert(Item), rows[start : start + 5000])


def numbers(session) -> list[str]:
    """Every tracking number, in item order."""
    return session.scalars(select(Item.tracking_number).order_by(Item.id)).all()


@contextlib.contextmanager
def world(engine, postgres, ballots: int, fill_options=None, **config):
    """An app with a filled scratch database, inside its app context."""
    with scratch.database(engine, postgres) as url:
        app = scratch.migrated_app(url, **config)
        with app.app_context():
            fill(db.session, ballots, **(fill_options or {}))
            yield app, url
            db.session.remove()
            db.engine.dispose()
