"""Handover: one posting event per outbound item through the ingest path, once."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import AlreadyHandedOver
from ovs.dispatch.errors import UnknownBatch
from ovs.dispatch.handover import hand_over
from ovs.models import AuditEntry
from ovs.models import Item
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.postal.events import EventCode
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from tests import factories

ISSUED = dt.datetime(2026, 3, 1, 1, tzinfo=dt.UTC)
HANDED = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)


@pytest.fixture
def batch(session):
    world = factories.dispatch_world(session, voters=3)
    world.mission.election.return_deadline = ISSUED + dt.timedelta(days=40)
    session.flush()
    return create_batch(
        session, mission_code=world.mission.code, actor="t", now=ISSUED
    ).batch


def test_handover_posts_every_outbound_item_in_the_missions_local_time(session, batch):
    result = hand_over(session, batch.id, actor="clerk", now=HANDED)
    assert (result.items, result.accepted) == (3, 3)
    events = session.scalars(select(TrackingEvent)).all()
    assert {e.code for e in events} == {EventCode.POSTED}
    assert {e.source for e in events} == {"handover"}
    # Kuala Lumpur is eight hours ahead of UTC.
    assert {e.utc_offset_minutes for e in events} == {480}
    assert {e.occurred_at for e in events} == {HANDED}
    session.expire_all()
    items = session.scalars(select(Item)).all()
    outbound = [i for i in items if i.leg == Leg.OUTBOUND]
    back = [i for i in items if i.leg == Leg.RETURN]
    assert {i.status for i in outbound} == {ItemStatus.POSTED}
    assert {i.next_poll_at for i in outbound} == {HANDED + dt.timedelta(hours=1)}
    # The voter, not the mission, posts the return envelope: it is not polled yet.
    assert {i.next_poll_at for i in back} == {None}
    assert {i.status for i in back} == {ItemStatus.AWAITING_VOTER}
    # Expected arrivals count from the posting at handover, not from issue.
    assert {i.expected_p90_at for i in outbound} == {HANDED + dt.timedelta(days=10)}
    assert session.scalar(
        select(OutboxMessage).where(OutboxMessage.topic == "item.status_changed")
    )
    assert batch.state == "handed_over" and batch.handed_over_by == "clerk"
    audit = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "batch.handover")
    )
    assert audit.details == {"partner": batch_partner_code(session, batch), "items": 3}


def batch_partner_code(session, batch) -> str:
    from ovs.models import PartnerPost

    return session.get(PartnerPost, batch.partner_id).code


def test_a_batch_is_handed_over_only_once(session, batch):
    hand_over(session, batch.id, actor="clerk", now=HANDED)
    with pytest.raises(AlreadyHandedOver) as caught:
        hand_over(session, batch.id, actor="clerk")
    assert caught.value.message == (
        f"Batch {batch.id} was handed over on 2026-03-02 02:30 UTC by clerk; a batch "
        "is handed over once."
    )
    assert len(session.scalars(select(TrackingEvent)).all()) == 3


def test_handing_over_an_unknown_batch_names_the_id(session):
    with pytest.raises(UnknownBatch) as caught:
        hand_over(session, 987654, actor="clerk")
    assert caught.value.message == "No dispatch batch has the id 987654."
