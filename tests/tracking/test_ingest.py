"""The ingest path stores new events once and derives the item's status."""

import datetime as dt

from sqlalchemy import func
from sqlalchemy import select

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
