"""Sign-in rules: who needs a second factor, lock-out after repeated failures."""

import pyotp
import pytest

from ovs.postal.status import Role
from ovs.staffing import signin
from ovs.staffing import totp
from ovs.staffing.signin import SignInRefused
from tests import factories

POLICY = signin.Policy(max_failures=3, lockout_minutes=15)


@pytest.mark.parametrize(
    ("role", "strict_mission", "enabled", "needed"),
    [
        (Role.ADMIN, False, False, True),
        (Role.CENTRAL, False, False, True),
        (Role.OBSERVER, False, False, False),
        (Role.MISSION, False, False, False),
        (Role.MISSION, True, False, True),
        (Role.MISSION, False, True, True),
    ],
)
def test_second_factor_is_required_by_role_and_mission(
    session, role, strict_mission, enabled, needed
):
    mission = factories.mission(session, require_totp=strict_mission)
    user = factories.staff(
        session,
        role=role,
        mission_=mission if role == Role.MISSION else None,
        totp_enabled=enabled,
    )
    assert signin.needs_second_factor(session, user) is needed


def test_repeated_wrong_passwords_lock_the_account(session):
    user = factories.staff(session, role=Role.OBSERVER)
    for _ in range(POLICY.max_failures):
        with pytest.raises(SignInRefused, match="do not match"):
            signin.check_password(session, user.email, "wrong-password", POLICY)
    with pytest.raises(SignInRefused, match="locked after too many failed sign-ins"):
        signin.check_password(session, user.email, factories.PASSWORD, POLICY)


def test_wrong_codes_count_towards_the_lock_out(session):
    user, secret = factories.staff_with_totp(session)
    for _ in range(POLICY.max_failures):
        with pytest.raises(SignInRefused, match="code is not right"):
            signin.check_code(session, user, "000000", POLICY)
    with pytest.raises(SignInRefused, match="locked"):
        signin.check_code(session, user, pyotp.TOTP(secret).now(), POLICY)


def test_a_good_sign_in_clears_failures_and_is_audited(session):
    user = factories.staff(session, role=Role.OBSERVER, failed_logins=2)
    signin.succeed(session, user)
    assert user.failed_logins == 0
    assert user.last_login_at is not None


def test_enrolment_needs_the_code_the_app_shows(session):
    user = factories.staff(session)
    secret = totp.new_secret()
    with pytest.raises(SignInRefused):
        signin.enrol(session, user, secret, "123456x")
    signin.enrol(session, user, secret, pyotp.TOTP(secret).now())
    assert user.totp_enabled and user.totp_secret == secret


def test_the_qr_code_is_drawn_as_inline_svg():
    uri = totp.provisioning_uri(totp.new_secret(), "someone@ovs.example")
    assert uri.startswith("otpauth://totp/OVS:")
    svg = totp.qr_svg(uri)
    assert svg.startswith("<svg") and "<path" in svg
