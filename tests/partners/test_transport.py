"""The shared HTTP call: Retry-After in both of its forms."""

import datetime as dt

import pytest

from partners.transport import retry_after

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Thu, 03 Dec 2026 12:01:30 GMT", 90.0),
        ("Thu, 03 Dec 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    assert retry_after(header, now=NOW) == seconds
