"""Status derivation: a pure function of an item's events, whatever their order."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from ovs.postal.status import ItemStatus as S
from ovs.postal.status import Leg
from ovs.tracking.status import EventFact
from ovs.tracking.status import collection_notice
from ovs.tracking.status import derive
from ovs.tracking.status import derive_outbound
from ovs.tracking.status import derive_return

START = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
DEADLINE = START + dt.timedelta(days=20)


def at(day: float) -> dt.datetime:
    return START + dt.timedelta(days=day)


facts = st.builds(
    EventFact,
    code=st.sampled_from([None, *[c.value for c in E]]),
    occurred_at=st.integers(0, 40 * 24).map(lambda h: START + dt.timedelta(hours=h)),
    measure=st.sampled_from([None, *[m.value for m in Measure]]),
    at_mission=st.booleans(),
    reason=st.sampled_from([None, "addressee absent"]),
    location=st.sampled_from([None, "KL CENTRAL", "AMPANG"]),
)


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(facts, max_size=12),
    leg=st.sampled_from(list(Leg)),
    data=st.data(),
)
def test_order_and_repetition_never_change_the_status(events, leg, data):
    shuffled = data.draw(st.permutations(events))
    repeats = data.draw(st.lists(st.sampled_from(events), max_size=6)) if events else []
    assert derive(leg, shuffled + repeats, DEADLINE) == derive(leg, events, DEADLINE)
    notice = collection_notice(shuffled + repeats)
    assert notice == collection_notice(events)


@settings(max_examples=200, deadline=None)
@given(events=st.lists(facts, max_size=12))
def test_derived_statuses_belong_to_their_leg(events):
    outbound = {
        S.PREPARED,
        S.POSTED,
        S.IN_TRANSIT,
        S.HELD_AT_CUSTOMS,
        S.AT_DELIVERY_OFFICE,
        S.OUT_FOR_DELIVERY,
        S.DELIVERY_ATTEMPTED,
        S.DELIVERED,
        S.RETURNING,
        S.RETURNED_UNDELIVERABLE,
        S.LOST,
    }
    returns = {
        S.AWAITING_VOTER,
        S.POSTED_BY_VOTER,
        S.IN_TRANSIT,
        S.RECEIVED_ON_TIME,
        S.RECEIVED_LATE,
        S.LOST,
    }
    assert derive_outbound(events) in outbound
    assert derive_return(events, DEADLINE) in returns


def fact(code, day, **fields):
    return EventFact(code.value if code else None, at(day), **fields)


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ([], S.PREPARED),
        ([fact(E.POSTED, 0)], S.POSTED),
        ([fact(E.POSTED, 0), fact(E.DEPARTED_OUTWARD_OE, 1)], S.IN_TRANSIT),
        ([fact(E.POSTED, 0), fact(E.PRESENTED_IMPORT_CUSTOMS, 2)], S.HELD_AT_CUSTOMS),
        ([fact(E.POSTED, 0), fact(E.ARRIVED_DELIVERY_OFFICE, 3)], S.AT_DELIVERY_OFFICE),
        ([fact(E.POSTED, 0), fact(E.OUT_FOR_DELIVERY, 4)], S.OUT_FOR_DELIVERY),
        ([fact(E.POSTED, 0), fact(E.DELIVERY_ATTEMPTED, 4)], S.DELIVERY_ATTEMPTED),
        ([fact(E.POSTED, 0), fact(E.AT_COLLECTION_POINT, 4)], S.DELIVERY_ATTEMPTED),
        ([fact(E.POSTED, 0), fact(E.DELIVERED, 5)], S.DELIVERED),
        (
            [
                fact(E.POSTED, 0),
                fact(E.DELIVERY_ATTEMPTED, 4, measure=Measure.RETURN_TO_SENDER),
                fact(E.ARRIVED_DELIVERY_OFFICE, 5),
            ],
            S.RETURNING,
        ),
        (
            [
                fact(E.DELIVERY_ATTEMPTED, 4, measure=Measure.RETURN_TO_SENDER),
                fact(E.DELIVERED, 9),
            ],
            S.RETURNED_UNDELIVERABLE,
        ),
        (
            [fact(E.POSTED, 0), fact(E.DELIVERED, 9, at_mission=True)],
            S.RETURNED_UNDELIVERABLE,
        ),
        ([fact(E.POSTED, 0), fact(E.LOST_CONFIRMED, 30)], S.LOST),
        ([fact(E.POSTED, 0), fact(None, 2)], S.POSTED),
        ([fact(E.POSTED, 0), fact(E.VOIDED, 2)], S.POSTED),
        # The same instant reads in journey order: delivery ends the day.
        ([fact(E.DELIVERED, 5), fact(E.ARRIVED_DELIVERY_OFFICE, 5)], S.DELIVERED),
    ],
)
def test_outbound_statuses(events, status):
    assert derive_outbound(events) == status


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ([], S.AWAITING_VOTER),
        ([fact(E.POSTED, 1)], S.POSTED_BY_VOTER),
        ([fact(E.POSTED, 1), fact(E.DEPARTED_OUTWARD_OE, 2)], S.IN_TRANSIT),
        ([fact(E.POSTED, 1), fact(E.DELIVERED, 19)], S.RECEIVED_ON_TIME),
        ([fact(E.POSTED, 1), fact(E.DELIVERED, 21)], S.RECEIVED_LATE),
        ([fact(E.DELIVERED, 21, at_mission=True)], S.RECEIVED_LATE),
        ([fact(E.DELIVERED, 20)], S.RECEIVED_ON_TIME),
        ([fact(E.POSTED, 1), fact(E.LOST_CONFIRMED, 15)], S.LOST),
        # A lost envelope that turns up still counts by when it arrived.
        ([fact(E.LOST_CONFIRMED, 15), fact(E.DELIVERED, 16)], S.RECEIVED_ON_TIME),
    ],
)
def test_return_statuses(events, status):
    assert derive_return(events, DEADLINE) == status


def test_a_failed_delivery_keeps_its_reason_and_where_to_collect():
    events = [
        fact(E.DELIVERY_ATTEMPTED, 4, reason="addressee absent", location="AMPANG"),
        fact(E.AT_COLLECTION_POINT, 4.5, location="POS MALAYSIA AMPANG POINT"),
    ]
    notice = collection_notice(events)
    assert notice.location == "POS MALAYSIA AMPANG POINT"
    assert collection_notice([events[0]]).reason == "addressee absent"
    assert collection_notice([fact(E.POSTED, 0)]) is None
