"""Simulated lives: deterministic, ordered, and shaped like real mail."""

import collections
import datetime as dt
import statistics

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.sandbox.lives import COLLECTED
from partners.sandbox.lives import DELIVERED
from partners.sandbox.lives import LOST
from partners.sandbox.lives import RETURN
from partners.sandbox.lives import RETURNED
from partners.sandbox.lives import ItemSpec
from partners.sandbox.lives import life

POSTED = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def spec(serial: int, origin="MY", destination="MY", leg="outbound") -> ItemSpec:
    return ItemSpec(
        tracking_number=f"RR{serial:08d}5MY",
        partner="posmalaysia",
        posted_at=POSTED,
        origin=origin,
        destination=destination,
        leg=leg,
    )


def test_the_same_number_always_lives_the_same_life():
    assert life(spec(1), seed=7) == life(spec(1), seed=7)


def test_another_seed_gives_other_lives():
    lives = [life(spec(n), seed=1) != life(spec(n), seed=2) for n in range(20)]

    assert any(lives)


def test_a_life_starts_with_posting_and_runs_forward_in_time():
    for serial in range(200):
        events = life(spec(serial, destination="NL"), seed=3).events
        assert events[0].code == EventCode.POSTED
        assert events[0].occurred_at == POSTED
        times = [e.occurred_at for e in events]
        assert times == sorted(times)
        assert len({e.event_id for e in events}) == len(events)


def test_endings_come_in_realistic_shares():
    endings = collections.Counter(life(spec(n), seed=5).ending for n in range(3000))

    assert 0.75 < endings[DELIVERED] / 3000 < 0.9
    assert 0.08 < endings[COLLECTED] / 3000 < 0.16
    assert 0.02 < endings[RETURNED] / 3000 < 0.07
    assert 0.005 < endings[LOST] / 3000 < 0.04


def test_each_ending_ends_the_way_it_says():
    for serial in range(400):
        item = life(spec(serial), seed=11)
        last = item.events[-1]
        if item.ending in (DELIVERED, COLLECTED):
            assert last.code == EventCode.DELIVERED
        elif item.ending == RETURNED:
            assert (last.code, last.measure) == (
                EventCode.DELIVERY_ATTEMPTED,
                Measure.RETURN_TO_SENDER,
            )
        else:
            assert EventCode.DELIVERED not in {e.code for e in item.events}


def test_a_notice_says_where_to_collect_and_by_when():
    notices = [
        e
        for n in range(400)
        for e in life(spec(n), seed=11).events
        if e.measure == Measure.HELD_FOR_COLLECTION
    ]

    assert notices
    assert all("collect at" in e.reason and " by " in e.reason for e in notices)


def test_international_lanes_take_longer_than_domestic_ones():
    def days(destination):
        spans = []
        for n in range(300):
            item = life(spec(n, destination=destination), seed=2)
            if item.ending == DELIVERED:
                spans.append((item.events[-1].occurred_at - POSTED).total_seconds())
        return statistics.median(spans) / 86400

    assert days("MY") < 4 < days("NL") < 14


def test_some_international_items_wait_at_customs():
    held = [life(spec(n, destination="JP"), seed=4).customs_hold for n in range(300)]

    assert 0.1 < sum(held) / 300 < 0.3


def test_return_envelopes_reach_the_mission_or_are_lost_never_refused():
    for serial in range(500):
        item = life(spec(serial, origin="MY", destination="MY", leg=RETURN), seed=9)
        assert item.ending in (DELIVERED, LOST)
        assert EventCode.DELIVERY_ATTEMPTED not in {e.code for e in item.events}
        if item.ending == DELIVERED:
            assert item.events[-1].location == "Kuala Lumpur"
