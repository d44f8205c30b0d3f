"""Lane arithmetic: observed or default transit times, the cheapest class in time."""

import datetime as dt

import pytest

from ovs.postal.lanes import LaneOption
from ovs.postal.lanes import TransitTimes
from ovs.postal.lanes import choose
from ovs.postal.lanes import service_for_indicator
from ovs.postal.lanes import transit_times
from ovs.postal.status import ServiceClass

POSTED = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
TIMES = {
    ServiceClass.REGISTERED: (5.0, 10.0),
    ServiceClass.TRACKED: (4.0, 8.0),
    ServiceClass.EMS: (2.0, 4.0),
}


def _options(classes=tuple(TIMES)):
    return [
        LaneOption(
            service,
            1,
            1,
            TransitTimes(*TIMES[service], False),
            TransitTimes(*TIMES[service], False),
        )
        for service in classes
    ]


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        # Round trips at p90 with two voter days: registered 22, tracked 18, EMS 10.
        (30.0, ServiceClass.REGISTERED),
        (22.0, ServiceClass.REGISTERED),
        (21.99, ServiceClass.TRACKED),
        (18.0, ServiceClass.TRACKED),
        (17.99, ServiceClass.EMS),
        (10.0, ServiceClass.EMS),
    ],
)
def test_the_cheapest_class_that_is_back_by_the_deadline_wins(days_left, expected):
    deadline = POSTED + dt.timedelta(days=days_left)
    choice = choose(_options(), posted_at=POSTED, deadline=deadline, voter_days=2.0)
    assert choice.option.service_class == expected
    assert choice.reason is None


def test_no_class_in_time_says_how_long_the_fastest_needs():
    deadline = POSTED + dt.timedelta(days=9.5)
    choice = choose(_options(), posted_at=POSTED, deadline=deadline, voter_days=2.0)
    assert choice.option is None
    assert choice.reason == (
        "too late: the fastest class (ems) needs 10.0 days out and back at the 90th "
        "percentile, 9.5 days are left before the deadline"
    )


def test_a_class_the_lane_lacks_is_skipped():
    deadline = POSTED + dt.timedelta(days=25)
    options = _options((ServiceClass.TRACKED, ServiceClass.EMS))
    choice = choose(options, posted_at=POSTED, deadline=deadline, voter_days=2.0)
    assert choice.option.service_class == ServiceClass.TRACKED


@pytest.mark.parametrize(
    ("count", "expected"),
    [(29, (5.0, 10.0, False)), (30, (3.0, 6.5, True)), (500, (3.0, 6.5, True))],
)
def test_observed_times_replace_defaults_once_enough_items_were_seen(count, expected):
    times = transit_times(
        default_p50_days=5.0,
        default_p90_days=10.0,
        observed_count=count,
        observed_p50_days=3.0,
        observed_p90_days=6.5,
        min_observations=30,
    )
    assert (times.p50_days, times.p90_days, times.observed) == expected


def test_observations_without_figures_keep_the_defaults():
    times = transit_times(
        default_p50_days=5.0,
        default_p90_days=10.0,
        observed_count=100,
        observed_p50_days=None,
        observed_p90_days=None,
        min_observations=30,
    )
    assert not times.observed


@pytest.mark.parametrize(
    ("indicator", "service"),
    [
        ("RR", ServiceClass.REGISTERED),
        ("ra", ServiceClass.REGISTERED),
        ("LX", ServiceClass.TRACKED),
        ("EE", ServiceClass.EMS),
        ("CP", None),
        ("", None),
    ],
)
def test_service_indicators_map_to_classes(indicator, service):
    assert service_for_indicator(indicator) == service
