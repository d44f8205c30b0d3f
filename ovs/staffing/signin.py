"""Signing staff in: password, lock-out after repeated failures, the second factor."""

import datetime as dt

from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.accounts import verify_password
from ovs.errors import PermissionDenied
from ovs.models import Mission
from ovs.models import StaffUser
from ovs.models.base import utcnow
from ovs.postal.status import Role
from ovs.staffing import totp

log = logs.get(__name__)

WRONG_PASSWORD = "That email and password do not match an account."  # noqa: S105
WRONG_CODE = "That code is not right. Enter the 6-digit code your app shows now."


class SignInRefused(PermissionDenied):
    """A sign-in that failed; the message says what to do."""

    http_status = 401


class Policy:
    """The lock-out settings in force."""

    def __init__(self, max_failures: int, lockout_minutes: int):
        self.max_failures = max_failures
        self.lockout = dt.timedelta(minutes=lockout_minutes)


def check_password(session, email: str, password: str, policy: Policy) -> StaffUser:
    """The user whose email and password these are; refuse and count a failure."""
    user = session.scalar(
        select(StaffUser).where(StaffUser.email == email.strip().lower())
    )
    if user is None or not user.active:
        log.warning("staff.login_refused", reason="unknown_or_disabled")
        raise SignInRefused(WRONG_PASSWORD)
    _refuse_if_locked(user)
    if not verify_password(user, password):
        _fail(session, user, policy, "password")
        raise SignInRefused(WRONG_PASSWORD)
    return user


def check_code(session, user: StaffUser, code: str, policy: Policy) -> None:
    """Accept the user's current TOTP code; refuse and count a failure otherwise."""
    _refuse_if_locked(user)
    if not user.totp_secret or not totp.verify(user.totp_secret, code):
        _fail(session, user, policy, "code")
        raise SignInRefused(WRONG_CODE)


def needs_second_factor(session, user: StaffUser) -> bool:
    """Whether this user must give a TOTP code (admins, central, strict missions)."""
    if user.totp_enabled or user.role in {Role.ADMIN, Role.CENTRAL}:
        return True
    if user.mission_id is None:
        return False
    return bool(
        session.scalar(
            select(Mission.require_totp).where(Mission.id == user.mission_id)
        )
    )


def succeed(session, user: StaffUser) -> None:
    """Record a completed sign-in and clear the failure count."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    audit.record(
        session,
        actor=f"staff:{user.id}",
        action="staff.signed_in",
        object_type="staff_user",
        object_id=user.id,
        mission_id=user.mission_id,
    )
    log.info("staff.login", staff_id=user.id)


def enrol(session, user: StaffUser, secret: str, code: str) -> None:
    """Turn on the second factor once the user proves their app shows the code."""
    if not totp.verify(secret, code):
        log.warning("staff.totp_enrol_refused", staff_id=user.id)
        raise SignInRefused(WRONG_CODE)
    user.totp_secret = secret
    user.totp_enabled = True
    audit.record(
        session,
        actor=f"staff:{user.id}",
        action="staff.totp_enrolled",
        object_type="staff_user",
        object_id=user.id,
        mission_id=user.mission_id,
    )
    log.info("staff.totp_enrolled", staff_id=user.id)


def _refuse_if_locked(user: StaffUser) -> None:
    if user.locked_until and user.locked_until > utcnow():
        log.warning("staff.login_refused", staff_id=user.id, reason="locked")
        raise SignInRefused(
            "This account is locked after too many failed sign-ins. Try again after "
            f"{user.locked_until:%H:%M} UTC, or ask an administrator."
        )


def _fail(session, user: StaffUser, policy: Policy, reason: str) -> None:
    user.failed_logins += 1
    if user.failed_logins >= policy.max_failures:
        user.locked_until = utcnow() + policy.lockout
        user.failed_logins = 0
        log.warning("staff.locked_out", staff_id=user.id)
    log.warning("staff.login_refused", staff_id=user.id, reason=reason)
