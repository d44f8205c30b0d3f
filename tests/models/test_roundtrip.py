"""Every model is written and read back unchanged on both databases."""

import datetime as dt

import pytest
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import StatementError

from ovs import audit
from ovs import models
from ovs.models import ApiToken
from ovs.models import AttemptCounter
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Notification
from ovs.models import OutboxCursor
from ovs.models import OutboxMessage
from ovs.models import StatusCount
from ovs.models import StatusFlow
from ovs.models import Subscription
from ovs.models import TrackingEvent
from ovs.models import TransitBucket
from ovs.models import WebhookDelivery
from ovs.models import WebhookSubscriber
from ovs.postal.status import BallotState
from ovs.postal.status import EventSource
from tests import factories

WHEN = dt.datetime(2027, 1, 8, 9, 30, 15, 250000, tzinfo=dt.UTC)


def _reload(session, obj):
    key = inspect(obj).identity
    session.expunge_all()
    return session.get(type(obj), key)


def _columns(obj) -> dict:
    return {c.key: getattr(obj, c.key) for c in inspect(type(obj)).column_attrs}


def _all_objects(session) -> list:
    ballot = factories.ballot(session)
    item = ballot.items[0]
    partner = session.get(models.PartnerPost, item.partner_id)
    mission = session.get(models.Mission, ballot.mission_id)
    outbox = OutboxMessage(
        topic="item.status_changed",
        key=str(item.id),
        payload={"status": "posted", "n": [1, 2]},
    )
    subscriber = WebhookSubscriber(
        name="Sipol",
        url="https://example.org/hook",
        topics=["item.status_changed"],
        secret="s" * 32,
    )
    subscription = Subscription(
        voter_id=ballot.voter_id,
        channel="email",
        address="v@example.org",
        language="id",
        token_hash="a" * 64,
        confirmed_at=WHEN,
    )
    session.add_all([outbox, subscriber, subscription])
    session.flush()
    objects = [
        mission.election,
        mission,
        mission.countries[0],
        partner,
        factories.tracking_range(session, partner, mission),
        factories.lane(session, partner),
        ballot.voter,
        ballot,
        item,
        TrackingEvent(
            item_id=item.id,
            code="EMA",
            partner_code="10",
            description="Posted",
            occurred_at=WHEN,
            utc_offset_minutes=480,
            location="KL MAIL CENTRE",
            country="MY",
            source=EventSource.POLL,
            fingerprint="f" * 64,
        ),
        DispatchBatch(
            mission_id=mission.id,
            partner_id=partner.id,
            service_class="registered",
            created_by="staff:1",
        ),
        factories.staff(session),
        audit.record(
            session, actor="cli:test", action="test.roundtrip", details={"k": "v"}
        ),
        outbox,
        subscriber,
        WebhookDelivery(
            subscriber_id=subscriber.id, outbox_id=outbox.id, next_attempt_at=WHEN
        ),
        subscription,
        Notification(
            subscription_id=subscription.id,
            outbox_id=outbox.id,
            kind="sent",
            next_attempt_at=WHEN,
        ),
        AttemptCounter(key="ip:127.0.0.1", window_start=WHEN, count=3),
        OutboxCursor(consumer="webhooks", position=41),
        ApiToken(
            name="logistics",
            token_hash="b" * 64,
            prefix="ovs_abcd",
            scopes=["read:counts"],
            created_by="cli:test",
            expires_at=WHEN,
        ),
        StatusCount(
            mission_id=1, country="MY", partner_id=1, leg="outbound", status="posted"
        ),
        StatusFlow(
            day=WHEN.date(), mission_id=1, leg="return", status="posted_by_voter"
        ),
        TransitBucket(lane_id=1, leg="outbound", days=4, count=7),
    ]
    session.add_all(objects)
    session.flush()
    return objects


def test_every_model_round_trips(session):
    objects = _all_objects(session)
    covered = {type(o) for o in objects}
    assert covered == {m.class_ for m in models.Base.registry.mappers}
    expected = [(type(o), inspect(o).identity, _columns(o)) for o in objects]
    session.commit()
    session.expunge_all()
    for cls, key, columns in expected:
        assert _columns(session.get(cls, key)) == columns


def test_timestamps_come_back_aware_in_utc(session):
    event_time = dt.datetime(
        2027, 1, 8, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    item = factories.ballot(session).items[0]
    event = TrackingEvent(
        item_id=item.id,
        code="EMA",
        occurred_at=event_time,
        source=EventSource.POLL,
        fingerprint="c" * 64,
    )
    session.add(event)
    session.flush()
    loaded = _reload(session, event)
    assert loaded.occurred_at == event_time
    assert loaded.occurred_at.utcoffset() == dt.timedelta(0)


def test_naive_timestamps_are_refused(session):
    item = factories.ballot(session).items[0]
    session.add(
        TrackingEvent(
            item_id=item.id,
            code="EMA",
            occurred_at=dt.datetime(2027, 1, 8, 9, 30),
            source=EventSource.POLL,
            fingerprint="d" * 64,
        )
    )
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_a_voter_has_at_most_one_live_ballot(session):
    first = factories.ballot(session)
    session.add(
        Ballot(voter_id=first.voter_id, mission_id=first.mission_id, sequence=2)
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_voided_ballot_makes_room_for_its_replacement(session):
    first = factories.ballot(session)
    first.state = BallotState.VOIDED
    session.flush()
    session.add(
        Ballot(
            voter_id=first.voter_id,
            mission_id=first.mission_id,
            sequence=2,
            replaces_id=first.id,
        )
    )
    session.flush()
    live = session.scalars(
        select(Ballot).where(Ballot.voter_id == first.voter_id, Ballot.state == "live")
    ).all()
    assert [b.sequence for b in live] == [2]


def test_tracking_numbers_are_unique(session):
    ballot = factories.ballot(session)
    taken = ballot.items[0].tracking_number
    partner = session.get(models.PartnerPost, ballot.items[0].partner_id)
    session.add(factories.item(ballot, partner, tracking_number=taken))
    with pytest.raises(IntegrityError):
        session.flush()
