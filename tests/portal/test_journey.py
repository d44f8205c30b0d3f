"""A ballot's journey: steps both ways, where it is, and what the voter does next."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ovs.portal import journey
from ovs.postal.events import EventCode as E
from ovs.postal.events import Measure
from ovs.postal.status import Leg
from tests import factories

KL = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def ballot(session):
    return factories.ballot(session)


def legs(ballot):
    items = {item.leg: item for item in ballot.items}
    return items[Leg.OUTBOUND], items[Leg.RETURN]


def at(day, hour=10):
    return dt.datetime(2026, 11, day, hour, tzinfo=KL)


def test_no_ballot_yet_says_so(session):
    voter = factories.voter(session)
    story = journey.load(session, voter.id)
    assert story.ballot_state == "none"
    assert story.advice == ["not_sent"]


def test_both_legs_appear_on_one_timeline_in_order(session, ballot):
    out, back = legs(ballot)
    factories.event(session, out, E.POSTED, at(1))
    factories.event(session, out, E.DELIVERED, at(5))
    factories.event(session, back, E.POSTED, at(7))
    factories.event(session, back, E.DELIVERED, at(12))
    story = journey.load(session, ballot.voter_id)
    words = [str(step.text) for step in story.steps]
    assert words == [
        "Your ballot left the mission",
        "Your ballot was delivered to you",
        "You posted your ballot back",
        "Your ballot reached the mission",
    ]
    assert story.advice == ["counted"]
    assert str(story.inbound.headline) == (
        "Your ballot reached the mission in time. It will be counted."
    )


def test_the_handover_and_the_posts_acceptance_scan_are_told_once(session, ballot):
    out, _ = legs(ballot)
    factories.event(session, out, E.POSTED, at(1, 9), location="KBRI KUALA LUMPUR")
    factories.event(session, out, E.POSTED, at(1, 11), location="KL MAIL CENTRE")
    factories.event(session, out, E.DELIVERED, at(5))
    story = journey.load(session, ballot.voter_id)
    words = [str(step.text) for step in story.steps]
    assert words == ["Your ballot left the mission", "Your ballot was delivered to you"]
    assert story.steps[0].at == at(1, 9)


def test_held_for_collection_says_where_and_until_when(session):
    partner = factories.partner(session, settings={"hold_days": 10})
    ballot = factories.ballot(session, partner_=partner)
    out, _ = legs(ballot)
    factories.event(session, out, E.POSTED, at(1))
    factories.event(
        session,
        out,
        E.DELIVERY_ATTEMPTED,
        at(4, 23),
        location="Pos Malaysia Ampang",
        measure=Measure.HELD_FOR_COLLECTION,
        reason="Nobody at home",
    )
    story = journey.load(session, ballot.voter_id)
    assert story.advice == ["collect"]
    assert story.collection == journey.Collection(
        place="Pos Malaysia Ampang", by=dt.date(2026, 11, 14)
    )
    assert story.steps[-1].note == "Nobody at home"


@pytest.mark.parametrize(
    ("codes", "advice"),
    [
        ([E.POSTED], ["wait"]),
        ([E.POSTED, E.DELIVERED], ["post_back"]),
        ([E.POSTED, E.LOST_CONFIRMED], ["replacement"]),
    ],
)
def test_advice_follows_the_outbound_status(session, ballot, codes, advice):
    out, _ = legs(ballot)
    for day, code in enumerate(codes, start=1):
        factories.event(session, out, code, at(day))
    assert journey.load(session, ballot.voter_id).advice == advice


def test_returned_to_sender_asks_for_a_replacement(session, ballot):
    out, _ = legs(ballot)
    factories.event(session, out, E.POSTED, at(1))
    factories.event(
        session, out, E.DELIVERY_ATTEMPTED, at(3), measure=Measure.RETURN_TO_SENDER
    )
    assert journey.load(session, ballot.voter_id).advice == ["replacement"]


def test_an_at_risk_item_adds_a_warning(session, ballot):
    out, _ = legs(ballot)
    out.at_risk = True
    session.flush()
    assert journey.load(session, ballot.voter_id).advice == ["wait", "at_risk"]


def test_days_left_count_in_the_missions_time_zone():
    deadline = dt.datetime(2026, 12, 10, 4, 0, tzinfo=dt.UTC)  # 12:00 in KL
    now = dt.datetime(2026, 12, 8, 17, 0, tzinfo=dt.UTC)  # 9 Dec 01:00 in KL
    zone = ZoneInfo("Asia/Kuala_Lumpur")
    assert journey.days_left(deadline, now, zone) == 1
    assert journey.days_left(deadline, now, ZoneInfo("UTC")) == 2


def test_only_initials_of_the_name_are_kept():
    assert journey.initials("Siti Rahma binti Ahmad") == "S. R. B."
