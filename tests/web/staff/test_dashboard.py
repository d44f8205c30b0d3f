"""The dashboard: figures, the live stream, exports, the daily report, charts."""

import csv
import io
import json

import pytest

from ovs.postal.events import EventCode as E
from ovs.postal.status import Role
from ovs.tracking.ingest import ingest
from tests import factories


@pytest.fixture
def central(client, session):
    """A client signed in as central staff."""
    factories.login_as(client, factories.quick_staff(session, role=Role.CENTRAL))
    return client


@pytest.fixture
def ballots(session):
    """Two ballots of one mission, counted."""
    from ovs.dashboard import counters

    mission = factories.mission(session, name="Kuala Lumpur")
    partner = factories.partner(session, name="Pos Malaysia")
    made = [
        factories.ballot(session, factories.voter(session, mission), partner)
        for _ in range(2)
    ]
    counters.catch_up(session)
    return made


def _stream_events(response) -> list[tuple[str, dict]]:
    events = []
    for block in response.get_data(as_text=True).split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event"):
            events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_the_page_shows_every_figure(central, ballots):
    page = central.get("/staff/dashboard").get_data(as_text=True)
    for label in ("Issued", "Held at customs", "Received late", "Lost"):
        assert label in page
    assert 'data-figure="issued">2<' in page
    assert "Kuala Lumpur" in page and "Pos Malaysia" in page


def test_the_stream_sends_the_figures_then_only_what_changed(
    app, central, session, ballots
):
    saved = {
        k: app.config[k] for k in ("DASHBOARD_SSE_SECONDS", "DASHBOARD_SSE_MAX_SECONDS")
    }
    app.config.update(DASHBOARD_SSE_SECONDS=0.01, DASHBOARD_SSE_MAX_SECONDS=0)
    try:
        first = _stream_events(central.get("/staff/dashboard/stream"))
        assert first[0][0] == "counters"
        assert first[0][1]["headline"]["issued"] == 2
        outbound = ballots[0].items[0]
        ingest(session, [factories.status_event(outbound, E.POSTED)], source="poll")
        session.commit()
        again = _stream_events(central.get("/staff/dashboard/stream"))
    finally:
        app.config.update(saved)
    assert again[0][1]["headline"]["posted"] == 1
    assert again[0][1]["headline"]["not_posted"] == 1


def test_live_diff_carries_only_changed_figures():
    from ovs.dashboard.live import changed

    before = {"headline": {"a": 1, "b": 2}, "missions": {"1": {"a": 1}}}
    after = {"headline": {"a": 1, "b": 3}, "missions": {"1": {"a": 1}}}
    assert changed(before, after) == {"headline": {"b": 3}, "missions": {}}
    assert changed(after, after) is None


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("/staff/dashboard/missions.csv", "mission"),
        ("/staff/dashboard/countries.csv", "country"),
        ("/staff/dashboard/partners.csv", "partner"),
        ("/staff/dashboard/attention.csv", "list"),
        ("/staff/reconciliation.csv", "mission"),
        ("/staff/partners.csv", "partner"),
        ("/staff/audit.csv", "id"),
        ("/staff/risk.csv", "address_key"),
    ],
)
def test_every_table_downloads_as_csv(central, ballots, path, header):
    response = central.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == header


def test_the_daily_report_is_a_pdf(central, ballots):
    response = central.get("/staff/dashboard/report.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_the_charts_data_has_flows_and_transit(central, session, ballots):
    from ovs.dashboard import counters

    ingest(
        session,
        [factories.status_event(ballots[0].items[0], E.DELIVERED)],
        source="poll",
    )
    counters.catch_up(session)
    data = central.get("/staff/dashboard/charts.json").get_json()
    mission_id = str(ballots[0].mission_id)
    assert list(data["flows"]["series"]["delivered"]) == [mission_id]
    assert data["missions"][mission_id] == "Kuala Lumpur"


@pytest.mark.parametrize(
    "path",
    [
        "/staff/",
        "/staff/dashboard",
        "/staff/reconciliation",
        "/staff/risk",
        "/staff/partners",
        "/staff/audit",
        "/staff/account/second-factor",
    ],
)
def test_every_page_opens_for_an_observer(client, session, ballots, path):
    factories.login_as(client, factories.quick_staff(session, role=Role.OBSERVER))
    assert client.get(path).status_code == 200


def test_an_unknown_filter_value_is_not_found(central, ballots):
    response = central.get("/staff/dashboard?mission=abc")
    assert response.status_code == 404
    assert "No mission with id" in response.get_data(as_text=True)
