"""The partner callback endpoint: every answer, and nothing stored on a refusal."""

import time

import pytest
from sqlalchemy import func
from sqlalchemy import select

import partners
from ovs.models import Item
from ovs.models import TrackingEvent
from partners import callbacks
from tests import factories
from tests.tracking import fake_post


@pytest.fixture(autouse=True)
def fake_registered(monkeypatch):
    """The fake post's adapter, registered for these tests."""
    monkeypatch.setitem(partners.REGISTRY, fake_post.NAME, fake_post.MODULE)


@pytest.fixture
def post(session):
    """A partner post speaking the generic callback format, with one ballot."""
    partner = factories.partner(session, adapter=fake_post.NAME)
    ballot = factories.ballot(session, partner_=partner)
    return partner, ballot.items[0]


def _send(client, partner, body: bytes, *, secret=None, stamp=None, header=None):
    stamp = int(time.time()) if stamp is None else stamp
    signature = callbacks.header_value(secret or partner.callback_secret, body, stamp)
    headers = {callbacks.HEADER: header if header is not None else signature}
    if header == "":
        headers = {}
    return client.post(
        f"/api/v1/partners/{partner.code}/events",
        data=body,
        headers=headers,
        content_type="application/json",
    )


def _stored(session) -> int:
    return session.scalar(select(func.count()).select_from(TrackingEvent))


def test_accepted_duplicate_and_rejected_events_are_counted(client, session, post):
    partner, item = post
    events = [
        factories.callback_event(item, "EMA"),
        factories.callback_event(item, "EMA"),
        factories.callback_event(item, "EMC", time="2027-01-09T09:00:00+08:00"),
        factories.callback_event(item, tracking_number="RR000000000MY"),
        factories.callback_event(item, code="ZZZ"),
        factories.callback_event(item, time="2027-01-08T09:00:00"),
        factories.callback_event(item, time="yesterday"),
    ]
    answer = _send(client, partner, callbacks.body(events))
    assert answer.status_code == 200
    assert answer.get_json() == {
        "accepted": 2,
        "duplicates": 1,
        "rejected": 4,
        "rejections": [
            {"index": 3, "reason": "unknown tracking number"},
            {"index": 4, "reason": "unknown code"},
            {"index": 5, "reason": "bad time"},
            {"index": 6, "reason": "bad time"},
        ],
    }
    assert _stored(session) == 2
    assert item.status == "in_transit"


def test_a_resent_callback_is_all_duplicates(client, session, post):
    partner, item = post
    body = callbacks.body([factories.callback_event(item)])
    _send(client, partner, body)
    answer = _send(client, partner, body)
    assert answer.get_json()["duplicates"] == 1
    assert _stored(session) == 1


def test_a_reported_item_is_no_longer_polled(client, session, post):
    partner, item = post
    _send(client, partner, callbacks.body([factories.callback_event(item)]))
    session.refresh(item)
    assert item.reported_by_callback and item.next_poll_at is None


def test_another_partners_number_reads_as_unknown(client, session, post):
    partner, _ = post
    other = factories.ballot(session).items[0]
    answer = _send(client, partner, callbacks.body([factories.callback_event(other)]))
    assert answer.get_json()["rejections"] == [
        {"index": 0, "reason": "unknown tracking number"}
    ]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "Missing OVS-Signature header."),
        ("wrong", "The signature does not match the body."),
        ("old", "The signature timestamp is more than 5 minutes off."),
        ("future", "The signature timestamp is more than 5 minutes off."),
        ("garbled", "The OVS-Signature header must be t=<unix seconds>,v1=<hex>."),
    ],
)
def test_bad_signatures_are_refused_and_store_nothing(
    client, session, post, kind, message
):
    partner, item = post
    body = callbacks.body([factories.callback_event(item)])
    now = int(time.time())
    options = {
        "missing": {"header": ""},
        "wrong": {"secret": "not-the-secret"},
        "old": {"stamp": now - 310},
        "future": {"stamp": now + 310},
        "garbled": {"header": "v1=abc"},
    }[kind]
    answer = _send(client, partner, body, **options)
    assert answer.status_code == 401
    assert answer.get_json()["error"]["message"] == message
    assert _stored(session) == 0


def test_a_signature_over_another_body_is_refused(client, session, post):
    partner, item = post
    body = callbacks.body([factories.callback_event(item)])
    stamp = int(time.time())
    signed_for_other = callbacks.header_value(partner.callback_secret, b"{}", stamp)
    answer = _send(client, partner, body, header=signed_for_other)
    assert answer.status_code == 401
    assert _stored(session) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The body is not JSON. " + callbacks.SHAPE_MESSAGE),
        (b"[]", callbacks.SHAPE_MESSAGE),
        (b'{"events": {}}', callbacks.SHAPE_MESSAGE),
        (b'{"events": [1, 2]}', callbacks.SHAPE_MESSAGE),
        (b'{"evts": []}', callbacks.SHAPE_MESSAGE),
    ],
)
def test_a_body_of_the_wrong_shape_is_refused(client, session, post, body, message):
    partner, _ = post
    answer = _send(client, partner, body)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == message
    assert _stored(session) == 0


def test_too_many_events_are_refused(client, session, post, app):
    partner, item = post
    limit = app.config["CALLBACK_MAX_EVENTS"]
    events = [factories.callback_event(item)] * (limit + 1)
    answer = _send(client, partner, callbacks.body(events))
    assert answer.status_code == 413
    assert answer.get_json()["error"]["message"] == (
        f"A callback carries at most {limit} events; got {limit + 1}."
    )
    assert _stored(session) == 0


def test_a_body_over_the_size_limit_is_refused(client, session, post, app):
    partner, item = post
    limit = app.config["CALLBACK_MAX_BYTES"]
    event = factories.callback_event(item, reason="x" * (limit + 1))
    answer = _send(client, partner, callbacks.body([event]))
    assert answer.status_code == 413
    assert answer.get_json()["error"]["message"] == (
        f"A callback body may be at most {limit} bytes."
    )
    assert _stored(session) == 0


def test_an_unknown_partner_code_is_not_found(client):
    answer = client.post("/api/v1/partners/nobody/events", data=b"{}")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["message"] == (
        "No active partner post has the code 'nobody'."
    )


def test_a_database_outage_answers_503_so_the_partner_retries(tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(f"sqlite:///{tmp_path / 'missing' / 'no.sqlite'}")
    answer = app.test_client().post("/api/v1/partners/any/events", data=b"{}")
    assert answer.status_code == 503
    assert answer.get_json()["error"]["message"] == (
        "The database is not answering. Try again shortly."
    )


def test_events_are_committed_before_the_answer(client, session, post):
    partner, item = post
    _send(client, partner, callbacks.body([factories.callback_event(item)]))
    session.rollback()
    assert session.get(Item, item.id).status == "posted"
