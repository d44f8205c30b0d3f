"""The sandbox clock: stopped for tests, settable, accelerated for the demo."""

import datetime as dt

import pytest

from partners.sandbox.clock import SandboxClock

START = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_a_clock_at_speed_zero_stands_still():
    clock = SandboxClock(speed=0, start=START)

    assert clock.now() == START


def test_the_clock_can_be_set_and_advanced():
    clock = SandboxClock(speed=0, start=START)

    clock.set(START + dt.timedelta(days=3))
    clock.advance(dt.timedelta(hours=2))

    assert clock.now() == START + dt.timedelta(days=3, hours=2)


def test_an_accelerated_clock_runs_ahead_of_real_time():
    clock = SandboxClock(speed=24 * 60, start=START)

    later = clock.now()

    assert later >= START


def test_the_clock_refuses_naive_times():
    with pytest.raises(ValueError, match="aware datetimes only"):
        SandboxClock().set(dt.datetime(2026, 12, 1))
