"""Pages give moments in the mission's time zone and the page's language."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from ovs.web.formatting import local_date
from ovs.web.formatting import local_datetime
from tests.conftest import make_test_app

KL = ZoneInfo("Asia/Kuala_Lumpur")
NOON_IN_KL = dt.datetime(2026, 12, 10, 4, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "moment", "day"),
    [
        ("en", "Dec 10, 2026, 12:00:00\u202fPM", "November 14, 2026"),
        ("id", "10 Des 2026 12.00.00", "14 November 2026"),
    ],
)
def test_moments_read_in_the_missions_zone_and_the_pages_language(
    language, moment, day
):
    app = make_test_app("sqlite://")
    with app.test_request_context(), force_locale(language):
        assert local_datetime(NOON_IN_KL, KL) == moment
        assert local_date(dt.date(2026, 11, 14)) == day
