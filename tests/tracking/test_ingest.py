"""The ingest path stores new events once and derives the item's status."""

import datetime as dt

from sqlalchemy import event as sa_event
from sqlalchemy import func
from sqlalchemy import select

from ovs.models import Election
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.postal.events import EventCode
from ovs.postal.status import EventSource
from ovs.postal.status import ItemStatus
from ovs.tracking.ingest import ingest
from partners.base import ParsedEvent
from tests import factories

KL = dt.timezone(dt.timedelta(hours=8))


def _event(number, code, hour, **fields):
    return ParsedEvent(
        tracking_number=number,
        code=code,
        partner_code=str(code),
        description="",
        occurred_at=dt.datetime(2027, 1, 8, hour, tzinfo=KL),
        **fields,
    )


def test_events_are_stored_once_and_move_the_status(session):
    item = factories.ballot(session).items[0]
    events = [
        _event(item.tracking_number, EventCode.POSTED, 9),
        _event(item.tracking_number, EventCode.ARRIVED_DELIVERY_OFFICE, 15),
    ]
    first = ingest(session, events, source=EventSource.POLL)
    again = ingest(session, list(reversed(events)), source=EventSource.CALLBACK)
    assert (first.accepted, again.accepted, again.duplicates) == (2, 0, 2)
    assert item.status == ItemStatus.AT_DELIVERY_OFFICE
    count = session.scalar(select(func.count()).select_from(TrackingEvent))
    assert count == 2
    topics = session.scalars(
        select(OutboxMessage.topic).where(OutboxMessage.topic == "item.status_changed")
    ).all()
    assert topics == ["item.status_changed"]


def test_unknown_numbers_are_rejected_with_their_index(session):
    item = factories.ballot(session).items[0]
    result = ingest(
        session,
        [
            _event(item.tracking_number, EventCode.POSTED, 9),
            _event("RR000000000MY", EventCode.POSTED, 9),
        ],
        source=EventSource.CALLBACK,
    )
    assert result.accepted == 1
    assert [(r.index, r.reason) for r in result.rejected] == [
        (1, "unknown tracking number")
    ]


def test_an_unmapped_code_is_kept_and_does_not_move_the_status(session):
    item = factories.ballot(session).items[0]
    ingest(session, [_event(item.tracking_number, None, 9)], source=EventSource.POLL)
    stored = session.scalar(select(TrackingEvent))
    assert stored.code is None and stored.partner_code == "None"
    assert item.status == ItemStatus.PREPARED


def _messages(session, topic):
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.topic == topic)
        .order_by(OutboxMessage.id)
    ).all()


def _far_deadline(session, ballot):
    election = session.get(Election, ballot.voter.election_id)
    election.return_deadline = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    session.flush()


def test_a_status_change_carries_everything_a_consumer_needs(session):
    ballot = factories.ballot(session)
    _far_deadline(session, ballot)
    item = ballot.items[0]
    ingest(session, [_event(item.tracking_number, EventCode.POSTED, 9)], source="poll")
    (message,) = _messages(session, "item.status_changed")
    assert message.key == str(item.id)
    assert message.payload == {
        "item_id": item.id,
        "ballot_id": ballot.id,
        "voter_id": ballot.voter_id,
        "mission_id": ballot.mission_id,
        "leg": "outbound",
        "tracking_number": item.tracking_number,
        "from": "prepared",
        "to": "posted",
        "occurred_at": "2027-01-08T01:00:00+00:00",
        "at_risk": False,
    }


def test_a_returned_ballot_is_announced_once(session):
    ballot = factories.ballot(session)
    _far_deadline(session, ballot)
    back = next(i for i in ballot.items if i.leg == "return")
    events = [
        _event(back.tracking_number, EventCode.POSTED, 9),
        _event(back.tracking_number, EventCode.DELIVERED, 15),
    ]
    ingest(session, events, source=EventSource.POLL)
    ingest(session, events, source=EventSource.CALLBACK)
    (received,) = _messages(session, "ballot.received")
    assert received.payload["on_time"] is True
    assert received.payload["counted"] is True
    assert received.payload["received_at"] == "2027-01-08T07:00:00+00:00"
    assert back.status == ItemStatus.RECEIVED_ON_TIME and back.is_final
    assert back.next_poll_at is None


def test_the_at_risk_flag_is_announced_when_it_turns_on(session):
    ballot = factories.ballot(session)
    election = session.get(Election, ballot.voter.election_id)
    election.return_deadline = dt.datetime(2027, 1, 20, tzinfo=dt.UTC)
    session.flush()
    back = next(i for i in ballot.items if i.leg == "return")
    # Posted on the 8th; the lane's 90th percentile (14 days) lands after the 20th.
    ingest(session, [_event(back.tracking_number, EventCode.POSTED, 9)], source="poll")
    ingest(session, [_event(back.tracking_number, "EMC", 12)], source="poll")
    assert back.at_risk
    assert back.expected_p90_at == dt.datetime(2027, 1, 22, 1, tzinfo=dt.UTC)
    (flag,) = _messages(session, "item.at_risk")
    assert flag.payload["deadline"] == "2027-01-20T00:00:00+00:00"
    changes = _messages(session, "item.status_changed")
    assert [m.payload["at_risk"] for m in changes] == [True, True]


def test_staff_confirming_an_item_lost_goes_through_ingest(session):
    item = factories.ballot(session).items[0]
    ingest(session, [_event(item.tracking_number, EventCode.POSTED, 9)], source="poll")
    lost = _event(item.tracking_number, EventCode.LOST_CONFIRMED, 10)
    ingest(session, [lost], source=EventSource.STAFF)
    assert item.status == ItemStatus.LOST and item.is_final


def test_events_of_another_partner_are_refused(session):
    item = factories.ballot(session).items[0]
    other = factories.partner(session)
    result = ingest(
        session,
        [_event(item.tracking_number, EventCode.POSTED, 9)],
        source=EventSource.POLL,
        partner_id=other.id,
    )
    assert [(r.index, r.reason) for r in result.rejected] == [
        (0, "tracking number belongs to another partner")
    ]


def test_a_naive_time_is_refused(session):
    item = factories.ballot(session).items[0]
    naive = ParsedEvent(
        item.tracking_number, EventCode.POSTED, "EMA", "", dt.datetime(2027, 1, 8, 9)
    )
    result = ingest(session, [naive], source=EventSource.UPLOAD)
    assert [(r.index, r.reason) for r in result.rejected] == [
        (0, "bad time: no UTC offset")
    ]


def test_delivery_of_the_outbound_starts_polling_the_return(session):
    ballot = factories.ballot(session)
    out, back = sorted(ballot.items, key=lambda i: i.leg != "outbound")
    ingest(
        session,
        [_event(out.tracking_number, EventCode.DELIVERED, 9)],
        source=EventSource.POLL,
    )
    session.refresh(back)
    assert out.next_poll_at is None and back.next_poll_at is not None


def test_the_queries_per_batch_do_not_grow_with_the_batch(app, session):
    def statements_for(ballots: int) -> int:
        items = [factories.ballot(session).items[0] for _ in range(ballots)]
        events = [
            _event(i.tracking_number, code, hour)
            for i in items
            for code, hour in (
                (EventCode.POSTED, 9),
                (EventCode.DEPARTED_OUTWARD_OE, 12),
            )
        ]
        seen = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731
        engine = session.get_bind().engine
        sa_event.listen(engine, "before_cursor_execute", listen)
        try:
            ingest(session, events, source=EventSource.POLL)
            session.flush()
        finally:
            sa_event.remove(engine, "before_cursor_execute", listen)
        return len(seen)

    assert statements_for(3) == statements_for(30)
