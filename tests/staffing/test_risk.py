"""Address risk: one address for many voters is found despite spelling differences."""

import pytest

from ovs.models import Lane
from ovs.models import TransitBucket
from ovs.staffing import risk
from tests import factories


@pytest.mark.parametrize(
    "street",
    [
        "12 Jalan Ampang, Apt 3",
        "12 JALAN AMPANG APARTMENT 3",
        "12  jln. Ampang #3",
        "No. 12 Jalan Ampang, Flat 3",
    ],
)
def test_spellings_of_one_address_normalise_alike(street):
    address = {"street_address": street, "city": "Kuala Lumpur", "postal_code": "50450"}
    assert risk.normalise_address("MY", address) == (
        "MY|12 JLN AMPANG UNIT 3 KUALA LUMPUR 50450"
    )


def test_different_units_stay_apart():
    one = risk.normalise_address("MY", {"street_address": "12 Jalan Ampang #3"})
    two = risk.normalise_address("MY", {"street_address": "12 Jalan Ampang #4"})
    assert one != two


def test_an_address_shared_by_many_voters_is_flagged(session):
    mission = factories.mission(session)
    spellings = ["9 Jalan Kebun", "9 JLN KEBUN", "9 jalan  kebun."]
    for n in range(12):
        factories.voter(
            session,
            mission,
            address={"street_address": spellings[n % 3], "city": "Kuala Lumpur"},
        )
    factories.voter(session, mission)
    (crowded,) = risk.crowded_addresses(session, (mission.id,), threshold=10)
    assert crowded.count == 12
    assert crowded.key == "MY|9 JLN KEBUN KUALA LUMPUR"


def test_a_lane_whose_returns_lag_is_listed(session):
    partner = factories.partner(session, name="Slow Post")
    lane = factories.lane(session, partner)
    session.add_all(
        [
            TransitBucket(lane_id=lane.id, leg="return", days=11, count=30),
            TransitBucket(lane_id=lane.id, leg="return", days=3, count=10),
            TransitBucket(lane_id=lane.id, leg="outbound", days=4, count=50),
        ]
    )
    session.flush()
    (lagging,) = risk.lagging_lanes(session, lag_days=3)
    assert (lagging.partner, lagging.leg, lagging.median_days) == (
        "Slow Post",
        "return",
        11,
    )
    assert isinstance(session.get(Lane, lane.id), Lane)
