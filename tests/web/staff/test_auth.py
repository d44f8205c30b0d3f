"""Signing in through the pages, and every kind of bad request refused in words."""

import io
import time

import pyotp
from structlog.testing import capture_logs

from ovs.models import AuditEntry
from ovs.postal.status import Role
from tests import factories


def test_admin_signs_in_with_password_and_totp_code(client, session):
    user, secret = factories.staff_with_totp(session)
    token = factories.form_token(client)
    response = client.post(
        "/staff/login",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "/staff/login/code" in response.headers["Location"]
    assert client.get("/staff/").status_code == 302
    response = client.post(
        "/staff/login/code",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_is_refused_in_words(client, session):
    user, _ = factories.staff_with_totp(session)
    token = factories.form_token(client)
    client.post(
        "/staff/login",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    with capture_logs() as logs:
        response = client.post(
            "/staff/login/code", data={"code": "000000", "csrf_token": token}
        )
    assert response.status_code == 401
    assert "That code is not right." in response.get_data(as_text=True)
    refused = [e for e in logs if e["event"] == "staff.login_refused"]
    assert refused == [
        {
            "event": "staff.login_refused",
            "staff_id": user.id,
            "reason": "code",
            "log_level": "warning",
        }
    ]


def test_admin_without_a_second_factor_enrols_before_entering(client, session):
    user = factories.staff(session, role=Role.CENTRAL)
    response = factories.sign_in_with_code(client, user)
    assert "/staff/login/enrol" in response.headers["Location"]
    page = client.get("/staff/login/enrol").get_data(as_text=True)
    assert "otpauth://totp/OVS:" in page
    assert "<svg" in page
    secret = page.split('id="totp-secret">')[1].split("<")[0]
    token = factories.form_token(client, "/staff/login/enrol")
    response = client.post(
        "/staff/login/enrol",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
    )
    assert response.status_code == 302
    assert user.totp_enabled
    actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-2:] == ["staff.totp_enrolled", "staff.signed_in"]


def test_mission_staff_sign_in_with_a_password_unless_the_mission_asks(client, session):
    relaxed = factories.staff(
        session, role=Role.MISSION, mission_=factories.mission(session)
    )
    response = factories.sign_in_with_code(client, relaxed)
    assert response.headers["Location"].endswith("/staff/")
    client.post(
        "/staff/logout", data={"csrf_token": factories.form_token(client, "/staff/")}
    )
    strict = factories.staff(
        session,
        role=Role.MISSION,
        mission_=factories.mission(session, require_totp=True),
    )
    response = factories.sign_in_with_code(client, strict)
    assert "/staff/login/enrol" in response.headers["Location"]


def test_repeated_failures_lock_the_account_with_a_clear_message(app, client, session):
    user = factories.staff(session, role=Role.OBSERVER)
    token = factories.form_token(client)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post(
            "/staff/login",
            data={
                "email": user.email,
                "password": "not-it-at-all",
                "csrf_token": token,
            },
        )
    response = factories.sign_in_with_code(client, user)
    assert response.status_code == 401
    assert "locked after too many failed sign-ins" in response.get_data(as_text=True)


def test_a_forged_csrf_token_is_refused_and_logged(client, session):
    user = factories.staff(session, role=Role.OBSERVER)
    factories.form_token(client)
    with capture_logs() as logs:
        response = client.post(
            "/staff/login",
            data={
                "email": user.email,
                "password": factories.PASSWORD,
                "csrf_token": "forged",
            },
        )
    assert response.status_code == 400
    assert (
        "This form could not be accepted: its security token is missing or not "
        "from this site." in response.get_data(as_text=True)
    )
    assert any(e["event"] == "staff.csrf_refused" for e in logs)


def test_an_idle_session_expires_with_a_message(app, client, session):
    user = factories.staff(session, role=Role.OBSERVER)
    factories.sign_in_with_code(client, user)
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as cookie:
        cookie["seen_at"] = (
            time.time() - app.config["SESSION_LIFETIME_MINUTES"] * 60 - 1
        )
    with capture_logs() as logs:
        response = client.get("/staff/dashboard")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session expired after 30 minutes without activity." in page
    assert {"event": "staff.session_expired", "staff_id": user.id}.items() <= (
        logs[0].items()
    )


def test_an_oversized_upload_is_refused_in_words(app, client, session):
    mission = factories.mission(session)
    user = factories.staff(session, role=Role.MISSION, mission_=mission)
    factories.sign_in_with_code(client, user)
    path = f"/staff/missions/{mission.id}/import"
    token = factories.form_token(client, path)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        with capture_logs() as logs:
            response = client.post(
                path,
                data={
                    "csrf_token": token,
                    "mission_id": str(mission.id),
                    "file": (io.BytesIO(b"x" * 4096), "voters.csv"),
                },
                content_type="multipart/form-data",
            )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "The file is larger than the 50 MB limit." in response.get_data(as_text=True)
    assert any(e["event"] == "staff.upload_refused" for e in logs)


def test_a_form_naming_another_mission_is_refused(client, session):
    mission = factories.mission(session)
    other = factories.mission(session)
    user = factories.staff(session, role=Role.MISSION, mission_=mission)
    factories.sign_in_with_code(client, user)
    path = f"/staff/missions/{mission.id}/import"
    with capture_logs() as logs:
        response = client.post(
            path,
            data={
                "csrf_token": factories.form_token(client, path),
                "mission_id": str(other.id),
                "file": (io.BytesIO(b"registry_number\n"), "voters.csv"),
            },
            content_type="multipart/form-data",
        )
    assert response.status_code == 400
    assert (
        "This form names a different mission from the page it was sent from."
        in response.get_data(as_text=True)
    )
    assert any(e["event"] == "staff.form_mission_refused" for e in logs)


def test_sign_in_never_returns_to_another_site(client, session):
    user = factories.staff(session, role=Role.OBSERVER)
    token = factories.form_token(client)
    response = client.post(
        "/staff/login",
        data={
            "email": user.email,
            "password": factories.PASSWORD,
            "csrf_token": token,
            "next": "https://evil.example/",
        },
    )
    assert response.headers["Location"].endswith("/staff/")
