"""The audit trail: readable by observers, verified, and tampering named."""

import pytest
from sqlalchemy import text

from ovs import audit
from ovs.models import AuditEntry
from ovs.postal.status import Role
from tests import factories


def _drop_append_only(session, dialect):
    # Inside the test's transaction, so the rollback brings the trigger back.
    if dialect == "postgresql":
        session.execute(text("DROP TRIGGER audit_entry_append_only ON audit_entry"))
    else:
        session.execute(text("DROP TRIGGER audit_entry_no_update"))


@pytest.fixture
def entries(session):
    """Three chained entries."""
    return [
        audit.record(session, actor="cli:test", action="test.step", details={"n": n})
        for n in range(3)
    ]


def test_observers_read_the_trail_and_a_sound_chain_holds(client, session, entries):
    factories.login_as(client, factories.quick_staff(session, role=Role.OBSERVER))
    assert "test.step" in client.get("/staff/audit").get_data(as_text=True)
    response = client.get("/staff/audit/verify")
    assert response.status_code == 200
    assert "The audit chain holds:" in response.get_data(as_text=True)


def test_a_tampered_row_is_named_on_the_page_and_by_the_command(
    client, runner, session, dialect, entries
):
    _drop_append_only(session, dialect)
    session.execute(
        text("UPDATE audit_entry SET actor = 'staff:999' WHERE id = :id"),
        {"id": entries[1].id},
    )
    session.expire_all()
    factories.login_as(client, factories.quick_staff(session, role=Role.OBSERVER))
    response = client.get("/staff/audit/verify")
    assert response.status_code == 409
    assert (
        f"The audit chain is broken at entry {entries[1].id} (test.step by staff:999"
        in response.get_data(as_text=True)
    )
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"The audit chain is broken at entry {entries[1].id}" in result.output


def test_the_command_reports_a_sound_chain(runner, entries):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "The audit chain holds" in result.output


def test_mission_staff_see_only_their_missions_entries(client, session):
    mine, theirs = factories.mission(session), factories.mission(session)
    audit.record(session, actor="cli:test", action="mine.thing", mission_id=mine.id)
    audit.record(session, actor="cli:test", action="their.thing", mission_id=theirs.id)
    user = factories.quick_staff(session, role=Role.MISSION, mission_=mine)
    factories.login_as(client, user)
    page = client.get("/staff/audit").get_data(as_text=True)
    assert "mine.thing" in page and "their.thing" not in page


@pytest.mark.parametrize(
    ("form", "action", "check"),
    [
        ({"action": "change_role", "role": "observer"}, "staff.change_role", "role"),
        ({"action": "disable"}, "staff.disable", "active"),
        ({"action": "unlock"}, "staff.unlock", "locked_until"),
        (
            {"action": "reset_second_factor"},
            "staff.reset_second_factor",
            "totp_enabled",
        ),
    ],
)
def test_admins_change_users_and_each_change_is_audited(
    client, session, form, action, check
):
    admin = factories.quick_staff(session, role=Role.ADMIN)
    target = factories.quick_staff(session, role=Role.CENTRAL, totp_enabled=True)
    factories.login_as(client, admin)
    token = factories.form_token(client, "/staff/users")
    response = client.post(
        f"/staff/users/{target.id}", data={**form, "csrf_token": token}
    )
    assert response.status_code == 302
    last = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.actor, last.object_id) == (
        action,
        f"staff:{admin.id}",
        str(target.id),
    )
    assert getattr(target, check) in {"observer", False, None}


def test_a_mission_role_needs_a_real_mission(client, session):
    admin = factories.quick_staff(session, role=Role.ADMIN)
    target = factories.quick_staff(session, role=Role.OBSERVER)
    factories.login_as(client, admin)
    token = factories.form_token(client, "/staff/users")
    response = client.post(
        f"/staff/users/{target.id}",
        data={
            "action": "change_role",
            "role": "mission",
            "mission_id": "99999",
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert "no mission has the id 99999" in response.get_data(as_text=True)


def test_only_admins_open_the_users_page(client, session):
    factories.login_as(client, factories.quick_staff(session, role=Role.CENTRAL))
    response = client.get("/staff/users")
    assert response.status_code == 403
    assert "Your role does not allow this page." in response.get_data(as_text=True)


def test_admins_create_users_from_the_page(client, session):
    admin = factories.quick_staff(session, role=Role.ADMIN)
    mission = factories.mission(session)
    factories.login_as(client, admin)
    token = factories.form_token(client, "/staff/users")
    response = client.post(
        "/staff/users",
        data={
            "email": "New.Person@ovs.example",
            "name": "New Person",
            "role": "mission",
            "mission_id": str(mission.id),
            "password": "long-enough-pw",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    last = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.mission_id) == ("staff.created", mission.id)
