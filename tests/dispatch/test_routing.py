"""Routing in a batch: the right class at the deadline's edge, every voter explained."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import NothingToIssue
from ovs.models import Item
from ovs.postal.status import Leg
from ovs.postal.status import ServiceClass
from tests import factories

ALL = (ServiceClass.REGISTERED, ServiceClass.TRACKED, ServiceClass.EMS)
NOW = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def _world(session, days_left, classes=ALL, voters=1):
    world = factories.dispatch_world(session, voters=voters, lanes=classes)
    world.mission.election.return_deadline = NOW + dt.timedelta(days=days_left)
    session.flush()
    return world


@pytest.mark.parametrize(
    ("days_left", "service", "indicator"),
    [
        (22.0, ServiceClass.REGISTERED, "RR"),
        (21.5, ServiceClass.TRACKED, "LX"),
        (17.5, ServiceClass.EMS, "EE"),
    ],
)
def test_the_batch_uses_the_cheapest_class_back_in_time(
    session, days_left, service, indicator
):
    world = _world(session, days_left)
    result = create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)
    assert result.by_class == {service: 1}
    items = session.scalars(select(Item)).all()
    assert {i.service_class for i in items} == {service}
    assert all(i.tracking_number.startswith(indicator) for i in items)
    assert {i.lane_id for i in items} == {world.lanes[service].id}


def test_observed_transit_times_decide_once_there_are_enough(session):
    world = _world(session, 20.0)
    registered = world.lanes[ServiceClass.REGISTERED]
    registered.observed_count = 200
    registered.observed_p50_days = 4.0
    registered.observed_p90_days = 7.0
    session.flush()
    result = create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)
    assert result.by_class == {ServiceClass.REGISTERED: 1}
    outbound = session.scalar(select(Item).where(Item.leg == Leg.OUTBOUND))
    assert outbound.expected_p90_at == NOW + dt.timedelta(days=7)


def test_voters_no_lane_reaches_are_listed_with_their_reason(session):
    world = _world(session, 12.0, voters=2)
    singapore = factories.voter(session, world.mission, country="SG")
    result = create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)
    assert result.by_class == {ServiceClass.EMS: 2}
    assert [(u.registry_number, u.country, u.reason) for u in result.unroutable] == [
        (
            singapore.registry_number,
            "SG",
            f"no lane from MY to SG through {world.partner.code}",
        )
    ]


def test_a_class_without_a_range_is_not_offered(session):
    world = _world(session, 30.0, classes=(ServiceClass.REGISTERED,))
    factories.lane(
        session,
        world.partner,
        destination="SG",
        service_class=ServiceClass.EMS,
    )
    factories.voter(session, world.mission, country="SG")
    result = create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)
    assert [u.reason for u in result.unroutable] == [
        f"no tracking-number range from {world.partner.code} for the classes on the "
        "lane MY to SG"
    ]


def test_a_batch_nobody_can_reach_in_time_explains_why_and_issues_nothing(session):
    world = _world(session, 9.0, voters=2)
    with pytest.raises(NothingToIssue) as caught:
        create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)
    assert caught.value.message == (
        f"No voter of mission {world.mission.code} can be routed in time through "
        f"{world.partner.code}: 2 voter(s): too late: the fastest class (ems) needs "
        "10.0 days out and back at the 90th percentile, 9.0 days are left before the "
        "deadline."
    )
    assert len(caught.value.unroutable) == 2
    assert session.scalars(select(Item)).all() == []
