"""The JSON API: what each call answers, and a clear JSON error for every bad input."""

import datetime as dt

import pytest

from ovs.integration import tokens
from ovs.postal.events import EventCode
from ovs.postal.status import ItemStatus
from tests import factories

EVENTS = [EventCode.POSTED, EventCode.DELIVERED]


@pytest.fixture
def world(session, app, monkeypatch):
    """Two missions with a ballot each; the first ballot's outbound item delivered."""
    monkeypatch.setitem(app.config, "FEED_SETTLE_SECONDS", 0)
    kl = factories.mission(session)
    other = factories.mission(session, election_=kl.election)
    ballot = factories.ballot(session, factories.voter(session, kl))
    foreign = factories.ballot(session, factories.voter(session, other))
    factories.tracking_events(session, _leg(ballot, "outbound"), EVENTS)
    return {"kl": kl, "other": other, "ballot": ballot, "foreign": foreign}


def _leg(ballot, leg):
    return next(item for item in ballot.items if item.leg == leg)


def _auth(raw):
    return {"Authorization": f"Bearer {raw}"}


def _get(
    client, path, scopes=("read:items", "read:counts"), mission_=None, session=None
):
    _, raw = factories.api_token(session, scopes=scopes, mission_=mission_)
    return client.get(path, headers=_auth(raw))


def test_an_item_answers_with_status_partner_deadlines_and_events(
    client, session, world
):
    item = _leg(world["ballot"], "outbound")
    response = _get(client, f"/api/v1/items/{item.tracking_number}", session=session)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == ItemStatus.DELIVERED
    assert body["leg"] == "outbound"
    assert body["mission"] == world["kl"].code
    assert set(body["expected_arrival"]) == {"p50", "p90"}
    first = body["events"][0]
    assert first["code"] == "EMA"
    assert first["partner_code"] == "P-EMA"
    assert first["occurred_at"] == "2027-01-08T09:00:00+08:00"
    assert first["location"] == "KUALA LUMPUR"


def test_a_ballot_shows_personal_data_only_with_the_scope(client, session, world):
    ballot = world["ballot"]
    path = f"/api/v1/ballots/{ballot.id}"
    plain = _get(client, path, session=session).get_json()
    personal = _get(
        client, path, scopes=("read:items", "read:personal"), session=session
    ).get_json()
    assert plain["voter"] is None
    assert personal["voter"]["full_name"] == ballot.voter.full_name
    assert personal["voter"]["registry_number"] == ballot.voter.registry_number
    assert [i["leg"] for i in plain["items"]] == ["outbound", "return"]


def test_a_mission_token_sees_only_its_mission(client, session, world):
    kl, foreign = world["kl"], world["foreign"]
    mine = _get(client, "/api/v1/ballots", mission_=kl, session=session).get_json()
    assert {b["mission"] for b in mine["data"]} == {kl.code}
    other = _get(client, f"/api/v1/ballots/{foreign.id}", mission_=kl, session=session)
    assert other.status_code == 404
    assert (
        other.get_json()["error"]["message"] == f"No ballot with the id {foreign.id}."
    )
    number = _leg(foreign, "outbound").tracking_number
    hidden = _get(client, f"/api/v1/items/{number}", mission_=kl, session=session)
    assert hidden.status_code == 404
    counts = _get(client, "/api/v1/counts", mission_=kl, session=session).get_json()
    assert [g["key"] for g in counts["groups"]] == [kl.code]


def test_ballots_page_through_with_an_opaque_cursor(client, session, world):
    for _ in range(3):
        factories.ballot(session, factories.voter(session, world["kl"]))
    _, raw = factories.api_token(session, mission_=world["kl"])
    seen, cursor = [], None
    while True:
        query = {"page_size": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/ballots", query_string=query, headers=_auth(raw))
        page = body.get_json()
        seen += [b["id"] for b in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 4 and seen == sorted(seen)


def test_ballots_filter_by_item_status(client, session, world):
    path = f"/api/v1/ballots?status=delivered&mission={world['kl'].code}"
    body = _get(client, path, session=session).get_json()
    assert [b["id"] for b in body["data"]] == [world["ballot"].id]


@pytest.mark.parametrize("by", ["mission", "partner", "country", "status"])
def test_counts_group_by_each_dimension(client, session, world, by):
    body = _get(client, f"/api/v1/counts?by={by}", session=session).get_json()
    assert body["by"] == by
    total = sum(g["total"] for g in body["groups"])
    assert total >= 4
    if by == "status":
        keys = {g["key"] for g in body["groups"]}
        assert ItemStatus.DELIVERED.value in keys


def test_the_event_feed_reads_on_from_its_cursor(client, session, world):
    _, raw = factories.api_token(session, mission_=world["kl"])

    def read(cursor=None, **query):
        query.update({"cursor": cursor} if cursor else {})
        return client.get(
            "/api/v1/events", query_string=query, headers=_auth(raw)
        ).get_json()

    first = read(limit=1)
    assert [e["code"] for e in first["events"]] == ["EMA"] and first["has_more"]
    rest = read(first["next_cursor"])
    assert [e["code"] for e in rest["events"]] == ["EMI"]
    assert rest["has_more"] is False
    returned = _leg(world["ballot"], "return")
    factories.tracking_events(session, returned, [EventCode.POSTED])
    newer = read(rest["next_cursor"])
    assert [(e["code"], e["leg"]) for e in newer["events"]] == [("EMA", "return")]


def test_lookup_answers_found_and_missing_numbers(client, session, world):
    _, raw = factories.api_token(session, mission_=world["kl"])
    numbers = [_leg(world["ballot"], "outbound").tracking_number, "RR000000000MY"]
    foreign = _leg(world["foreign"], "outbound").tracking_number
    response = client.post(
        "/api/v1/item-lookup",
        json={"tracking_numbers": [*numbers, foreign]},
        headers=_auth(raw),
    )
    body = response.get_json()
    assert [i["tracking_number"] for i in body["items"]] == numbers[:1]
    assert body["not_found"] == ["RR000000000MY", foreign]


SEND_A_TOKEN = (
    "Send an API token in the Authorization header: 'Authorization: Bearer <token>'."
)
NOT_RECOGNISED = (
    "The API token is not recognised. Check it was copied whole, "
    "or ask an administrator for a new one."
)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, SEND_A_TOKEN),
        ("Basic dXNlcjpwYXNz", SEND_A_TOKEN),
        ("Bearer ovs_not-a-real-token", NOT_RECOGNISED),
    ],
)
def test_missing_or_unknown_tokens_get_401(client, session, header, message):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/counts", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json() == {
        "error": {"code": "unauthorized", "message": message}
    }


def test_revoked_and_expired_tokens_get_401_saying_so(client, session):
    revoked, revoked_raw = factories.api_token(session)
    tokens.revoke_token(session, token_ref=str(revoked.id), actor="test")
    expired, expired_raw = factories.api_token(session, expires_days=1)
    expired.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    session.flush()
    day = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    answers = {
        raw: client.get("/api/v1/counts", headers=_auth(raw))
        for raw in (revoked_raw, expired_raw)
    }
    assert {r.status_code for r in answers.values()} == {401}
    assert answers[revoked_raw].get_json()["error"]["message"] == (
        f"The API token {revoked.prefix}... was revoked on {day}; "
        "ask an administrator for a new one."
    )
    assert answers[expired_raw].get_json()["error"]["message"] == (
        f"The API token {expired.prefix}... expired on "
        f"{expired.expires_at:%Y-%m-%d}; ask an administrator for a new one."
    )


@pytest.mark.parametrize(
    ("path", "needed"),
    [
        ("/api/v1/counts", "read:counts"),
        ("/api/v1/exports/daily-counts.csv", "read:counts"),
        ("/api/v1/events", "read:items"),
        ("/api/v1/ballots/1", "read:items"),
    ],
)
def test_a_scope_that_does_not_allow_the_call_gets_403(client, session, path, needed):
    scopes = ["scan"]
    response = _get(client, path, scopes=scopes, session=session)
    assert response.status_code == 403
    assert response.get_json()["error"] == {
        "code": "forbidden",
        "message": f"This call needs the scope {needed!r}; this token has: scan. "
        "Ask an administrator for a token with that scope.",
    }


BAD_CURSOR = (
    "The cursor {!r} is not one this API gave out. Pass next_cursor from the "
    "previous answer unchanged, or leave cursor out to start from the beginning."
)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/events?cursor=garbage", BAD_CURSOR.format("garbage")),
        (
            "/api/v1/events?cursor=eyJrIjoiYmFsbG90cyIsInAiOjF9",
            BAD_CURSOR.format("eyJrIjoiYmFsbG90cyIsInAiOjF9"),
        ),
        ("/api/v1/ballots?cursor=%25%25", BAD_CURSOR.format("%%")),
        (
            "/api/v1/events?limit=1000000",
            "Query parameter 'limit': Input should be less than or equal to 500 "
            "(got '1000000').",
        ),
        (
            "/api/v1/ballots?page_size=1000000",
            "Query parameter 'page_size': Input should be less than or equal to 500 "
            "(got '1000000').",
        ),
        (
            "/api/v1/ballots?page_size=ten",
            "Query parameter 'page_size': Input should be a valid integer, unable to "
            "parse string as an integer (got 'ten').",
        ),
        (
            "/api/v1/ballots?colour=red",
            "Unknown query parameter 'colour'; allowed: mission, status, leg, cursor, "
            "page_size.",
        ),
        (
            "/api/v1/counts?by=planet",
            "Query parameter 'by': Input should be 'mission', 'partner', 'country' "
            "or 'status' (got 'planet').",
        ),
    ],
)
def test_bad_query_input_gets_400_with_an_actionable_message(
    client, session, path, message
):
    response = _get(client, path, session=session)
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"code": "invalid_input", "message": message}
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"json": {}}, "Field 'tracking_numbers' is required."),
        (
            {"json": {"tracking_numbers": ["RR1"], "extra": 1}},
            "Unknown field 'extra'; allowed: tracking_numbers.",
        ),
        (
            {"data": "not json", "content_type": "application/json"},
            "The request body is not valid JSON.",
        ),
        (
            {"data": "x=1"},
            "Send the request body as JSON with Content-Type: application/json.",
        ),
    ],
)
def test_bad_request_bodies_get_400_naming_the_field(client, session, kwargs, message):
    _, raw = factories.api_token(session)
    response = client.post("/api/v1/item-lookup", headers=_auth(raw), **kwargs)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message


def test_an_unknown_item_gets_a_404_that_explains(client, session):
    response = _get(client, "/api/v1/items/RR000000000XX", session=session)
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == (
        "No item with the tracking number 'RR000000000XX'. Check the number, "
        "including its two-letter country suffix."
    )


def test_using_a_token_records_its_last_use(client, session):
    token, raw = factories.api_token(session)
    client.get("/api/v1/counts", headers=_auth(raw))
    session.refresh(token)
    assert token.last_used_at is not None


def test_a_tracking_number_with_odd_characters_is_refused_in_a_lookup(client, session):
    _, raw = factories.api_token(session)
    response = client.post(
        "/api/v1/item-lookup",
        json={"tracking_numbers": ["RR1\x00"]},
        headers=_auth(raw),
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == (
        "Field 'tracking_numbers.0': String should match pattern "
        "'^[A-Za-z0-9 -]{1,40}$' (got 'RR1\\x00')."
    )


def test_a_ballot_id_past_any_real_id_is_not_found(client, session):
    response = _get(client, "/api/v1/ballots/99999999999999999999", session=session)
    assert response.status_code == 404


def test_every_api_route_is_in_the_openapi_document(app, client):
    documented = {
        (path, method.upper())
        for path, methods in client.get("/api/v1/openapi.json")
        .get_json()["paths"]
        .items()
        for method in methods
    }
    served = set()
    for rule in app.url_map.iter_rules():
        # Partner callbacks live on their own blueprint with their own guard.
        if not rule.endpoint.startswith("api.") or rule.endpoint in {
            "api.openapi_document",
            "api.reference",
        }:
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        served |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert served <= documented


def test_the_reference_page_is_self_contained(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "GET /api/v1/events" in page and "read:personal" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_a_scanning_device_records_a_returned_envelope(client, session, world):
    kl = world["kl"]
    _, raw = factories.api_token(session, scopes=["scan"], mission_=kl)
    returned = _leg(world["ballot"], "return")
    response = client.post(
        "/api/v1/scans",
        json={"mission": kl.code, "tracking_number": returned.tracking_number},
        headers=_auth(raw),
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "outcome": "on_time",
        "message": "Received on time: count this ballot.",
        "tracking_number": returned.tracking_number,
    }
    session.refresh(returned)
    assert returned.status == ItemStatus.RECEIVED_ON_TIME


def test_a_mission_scan_token_cannot_scan_for_another_mission(client, session, world):
    _, raw = factories.api_token(session, scopes=["scan"], mission_=world["kl"])
    other = world["other"]
    response = client.post(
        "/api/v1/scans",
        json={"mission": other.code, "tracking_number": "RR000000000MY"},
        headers=_auth(raw),
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == (
        f"No mission with the code {other.code!r}."
    )
