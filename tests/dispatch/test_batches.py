"""Issuing a batch: ballots and items for pending voters, all or nothing."""

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import NothingToIssue
from ovs.dispatch.errors import RangesExhausted
from ovs.dispatch.errors import UnknownMission
from ovs.dispatch.errors import UnknownPartner
from ovs.dispatch.numbers import list_ranges
from ovs.models import AuditEntry
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import TrackingRange
from ovs.postal import s10
from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg
from ovs.postal.status import ServiceClass
from tests import factories

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_batch_issues_a_ballot_with_two_numbered_items_per_voter(session):
    world = factories.dispatch_world(session, voters=3)
    result = create_batch(session, mission_code=world.mission.code, actor="t", now=NOW)

    assert (result.ballots, result.by_class) == (3, {ServiceClass.REGISTERED: 3})
    assert result.batch.item_count == 3 and result.batch.state == "issued"
    items = session.scalars(select(Item).order_by(Item.id)).all()
    rng = world.ranges[ServiceClass.REGISTERED]
    serials = [int(s10.parse(i.tracking_number).serial) for i in items]
    assert serials == list(range(rng.first_serial, rng.first_serial + 6))
    lane = world.lanes[ServiceClass.REGISTERED]
    for item in items:
        assert item.mission_id == world.mission.id
        assert item.partner_id == world.partner.id
        assert item.lane_id == lane.id
        assert item.voter_country == "MY"
        assert item.next_poll_at is None
    outbound = [i for i in items if i.leg == Leg.OUTBOUND]
    back = [i for i in items if i.leg == Leg.RETURN]
    assert {i.status for i in outbound} == {ItemStatus.PREPARED}
    assert {i.status for i in back} == {ItemStatus.AWAITING_VOTER}
    assert outbound[0].expected_p90_at == NOW + dt.timedelta(days=10)
    # Out at p90, two days with the voter, back at p90.
    assert back[0].expected_p90_at == NOW + dt.timedelta(days=22)
    audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "batch.issue"))
    assert audit.object_id == str(result.batch.id) and audit.details["ballots"] == 3


def test_a_second_batch_takes_only_voters_without_a_live_ballot(session):
    world = factories.dispatch_world(session, voters=5)
    first = create_batch(session, mission_code=world.mission.code, actor="t", limit=2)
    second = create_batch(session, mission_code=world.mission.code, actor="t")
    assert (first.ballots, second.ballots) == (2, 3)
    with pytest.raises(NothingToIssue) as caught:
        create_batch(session, mission_code=world.mission.code, actor="t")
    assert caught.value.message == (
        f"Mission {world.mission.code} has no voter waiting for a ballot."
    )


def test_a_country_filter_picks_only_those_voters(session):
    world = factories.dispatch_world(session, voters=2)
    factories.voter(session, world.mission, country="SG")
    result = create_batch(
        session, mission_code=world.mission.code, actor="t", countries=["my"]
    )
    assert result.ballots == 2 and result.unroutable == []


def test_exhausted_ranges_fail_the_batch_and_leave_nothing_behind(session):
    world = factories.dispatch_world(session, voters=2)
    rng = world.ranges[ServiceClass.REGISTERED]
    rng.last_serial = rng.first_serial + 2
    session.flush()
    before = {m: _count(session, m) for m in (DispatchBatch, Ballot, Item, AuditEntry)}

    with pytest.raises(RangesExhausted) as caught:
        create_batch(session, mission_code=world.mission.code, actor="t")

    code, partner = world.mission.code, world.partner.code
    assert caught.value.message == (
        f"Mission {code} has 3 registered tracking numbers left from {partner}; "
        f"this needs 4. Nothing was issued. Ask {partner} for a new range and add "
        f"it with: flask --app ovs ranges add --partner {partner} --mission {code} "
        "--indicator RX --first N --count N"
    )
    assert {m: _count(session, m) for m in before} == before
    session.expire_all()
    assert session.get(TrackingRange, rng.id).next_serial == rng.first_serial


def test_numbers_spill_from_a_used_up_range_into_the_next(session):
    world = factories.dispatch_world(session, voters=2)
    rng = world.ranges[ServiceClass.REGISTERED]
    rng.last_serial = rng.first_serial + 2
    extra = factories.tracking_range(session, world.partner, world.mission, size=10)
    session.flush()
    create_batch(session, mission_code=world.mission.code, actor="t")
    serials = [
        int(s10.parse(n).serial)
        for n in session.scalars(select(Item.tracking_number).order_by(Item.id))
    ]
    assert serials == [
        *range(rng.first_serial, rng.first_serial + 3),
        extra.first_serial,
    ]


def test_a_mission_without_ranges_is_told_how_to_add_one(session):
    mission = factories.mission(session)
    factories.voter(session, mission)
    with pytest.raises(RangesExhausted) as caught:
        create_batch(session, mission_code=mission.code, actor="t")
    assert caught.value.message.startswith(
        f"Mission {mission.code} has no tracking-number range from any partner post."
    )


@pytest.mark.parametrize(
    ("field", "error", "message"),
    [
        (
            "mission_code",
            UnknownMission,
            "No mission has the code 'NOPE'. List them with: flask --app ovs missions",
        ),
        ("partner_code", UnknownPartner, "No partner post has the code 'NOPE'."),
    ],
)
def test_unknown_codes_are_named(session, field, error, message):
    world = factories.dispatch_world(session, voters=1)
    arguments = {"mission_code": world.mission.code, field: "NOPE"}
    with pytest.raises(error) as caught:
        create_batch(session, actor="t", **arguments)
    assert caught.value.message.startswith(message)


def test_a_range_running_low_is_flagged_once(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "RANGE_LOW_WATER_FRACTION", 0.5)
    world = factories.dispatch_world(session, voters=6)
    rng = world.ranges[ServiceClass.REGISTERED]
    rng.last_serial = rng.first_serial + 19
    session.flush()
    first = create_batch(session, mission_code=world.mission.code, actor="t", limit=4)
    assert first.warnings == []
    second = create_batch(session, mission_code=world.mission.code, actor="t")
    assert second.warnings == [
        f"Range {rng.id} (RR, {world.partner.code} for {world.mission.code}) is "
        "running low: 8 of 20 numbers left, 8 left in all for this class. Ask "
        f"{world.partner.code} for a new range."
    ]
    session.expire_all()
    assert session.get(TrackingRange, rng.id).low_warned_at is not None
    [view] = list_ranges(session, world.mission.code)
    assert (view.used, view.remaining, view.low) == (12, 8, True)
