"""Staff pages for API tokens and webhooks: admins only, secrets shown once."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.integration import tokens
from ovs.integration.fanout import fan_out
from ovs.models import ApiToken
from ovs.models import WebhookDelivery
from ovs.models.base import utcnow
from ovs.postal.events import EventCode
from ovs.postal.status import Role
from tests import factories


@pytest.fixture
def sign_in(client, app, monkeypatch):
    """Sign a staff user of a role in; forms are posted without CSRF tokens."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)

    def do(session, role=Role.ADMIN):
        user = factories.quick_staff(session, role=role)
        # Committed, as a real sign-in would leave it: a view's rollback after a
        # refused form must not take the signed-in user away.
        session.commit()
        factories.login_as(client, user)
        return user

    return do


def test_an_admin_creates_a_token_and_sees_it_once(client, session, sign_in):
    sign_in(session)
    response = client.post(
        "/staff/tokens/",
        data={"name": "logistics", "scope": ["read:counts"], "expires_days": "7"},
    )
    assert response.status_code == 201
    token = session.scalar(select(ApiToken).where(ApiToken.name == "logistics"))
    page = response.get_data(as_text=True)
    start = page.index('<code id="new-token">') + len('<code id="new-token">')
    raw = page[start : page.index("</code>", start)]
    assert tokens.hash_token(raw) == token.token_hash
    again = client.get("/staff/tokens/").get_data(as_text=True)
    assert raw not in again and token.prefix in again


def test_a_bad_token_form_says_what_to_fix(client, session, sign_in):
    sign_in(session)
    response = client.post("/staff/tokens/", data={"name": "logistics"})
    assert response.status_code == 400
    assert "Give the token at least one scope" in response.get_data(as_text=True)


def test_an_admin_revokes_a_token(client, session, sign_in):
    sign_in(session)
    token, _ = factories.api_token(session)
    response = client.post(f"/staff/tokens/{token.id}/revoke")
    assert response.status_code == 302
    session.refresh(token)
    assert tokens.token_state(token) == "revoked"


@pytest.mark.parametrize("role", [Role.CENTRAL, Role.OBSERVER, Role.MISSION])
def test_only_admins_reach_the_token_page(client, session, sign_in, role):
    sign_in(session, role)
    assert client.get("/staff/tokens/").status_code == 403


def test_an_admin_adds_a_subscriber_and_a_private_url_is_refused(
    client, session, sign_in, app, monkeypatch
):
    sign_in(session)
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    refused = client.post(
        "/staff/webhooks/",
        data={"name": "lg", "url": "http://127.0.0.1/h", "topic": ["counts.hourly"]},
    )
    assert refused.status_code == 400
    assert "a loopback address" in refused.get_data(as_text=True)
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)
    added = client.post(
        "/staff/webhooks/",
        data={"name": "lg", "url": "http://127.0.0.1/h", "topic": ["counts.hourly"]},
    )
    assert added.status_code == 201
    assert 'id="new-secret">whsec_' in added.get_data(as_text=True)


def test_the_delivery_log_lists_deliveries_and_requeues_a_failed_one(
    client, session, sign_in
):
    sign_in(session)
    factories.webhook_subscriber(session, "http://127.0.0.1:9/h")
    item = factories.ballot(session).items[0]
    factories.tracking_events(session, item, [EventCode.POSTED])
    fan_out(session, now=utcnow() + dt.timedelta(hours=1), settle=dt.timedelta(0))
    delivery = session.scalars(select(WebhookDelivery)).one()
    delivery.status = "failed"
    delivery.last_error = "HTTP 500"
    session.flush()
    page = client.get("/staff/webhooks/deliveries?status=failed")
    assert page.status_code == 200
    assert f"evt_{delivery.outbox_id}" in page.get_data(as_text=True)
    requeued = client.post(f"/staff/webhooks/deliveries/{delivery.id}/redeliver")
    assert requeued.status_code == 302
    session.refresh(delivery)
    assert delivery.status == "pending"
