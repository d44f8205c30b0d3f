"""The demo election starts with ballots issued and handed over for most voters."""

from sqlalchemy import func
from sqlalchemy import select

from ovs.demo.seed import DISPATCHED_SHARE
from ovs.demo.seed import seed_demo
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import Voter
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg


def test_the_demo_hands_over_ballots_for_about_sixty_percent_of_each_mission(session):
    result = seed_demo(session, voters=200, seed=5)
    voters = dict(
        session.execute(
            select(Voter.mission_id, func.count()).group_by(Voter.mission_id)
        ).all()
    )
    ballots = dict(
        session.execute(
            select(Ballot.mission_id, func.count()).group_by(Ballot.mission_id)
        ).all()
    )
    for mission in result.missions:
        assert ballots.get(mission.id, 0) == round(
            voters.get(mission.id, 0) * DISPATCHED_SHARE
        )
    states = set(session.scalars(select(DispatchBatch.state)))
    assert states == {"handed_over"}
    outbound = session.scalars(select(Item).where(Item.leg == Leg.OUTBOUND)).all()
    assert {i.status for i in outbound} == {ItemStatus.POSTED}
    assert all(i.next_poll_at is not None for i in outbound)
