"""Administrators managing staff users: roles, missions, access; all audited."""

from sqlalchemy import select

from ovs import audit
from ovs import logs
from ovs.errors import InvalidInput
from ovs.errors import NotFound
from ovs.models import Mission
from ovs.models import StaffUser
from ovs.postal.status import Role

log = logs.get(__name__)

ACTIONS = ("change_role", "disable", "enable", "unlock", "reset_second_factor")


def listing(session) -> list[StaffUser]:
    """Every staff user, by email."""
    return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))


def get(session, user_id: int) -> StaffUser:
    """One staff user by id."""
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(f"No staff user with id {user_id}.")
    return user


def change(session, user: StaffUser, action: str, form, *, actor: str) -> str:
    """Apply one administrative change to a user, audit it, and say what was done."""
    if action not in ACTIONS:
        raise InvalidInput(f"Unknown change {action!r}.")
    if actor == f"staff:{user.id}" and action in {"change_role", "disable"}:
        raise InvalidInput("You cannot change your own role or disable yourself.")
    details = globals()[f"_{action}"](session, user, form)
    audit.record(
        session,
        actor=actor,
        action=f"staff.{action}",
        object_type="staff_user",
        object_id=user.id,
        mission_id=user.mission_id,
        details=details,
    )
    log.info("staff.changed", staff_id=user.id, change=action, actor=actor)
    return f"Staff user {user.id}: {action.replace('_', ' ')} done."


def _change_role(session, user: StaffUser, form) -> dict:
    role = form.get("role", "")
    if role not in {r.value for r in Role}:
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of: {', '.join(r.value for r in Role)}."
        )
    mission_id = None
    if role == Role.MISSION:
        mission_id = _mission_id(session, form.get("mission_id"))
    before = {"role": user.role, "mission_id": user.mission_id}
    user.role, user.mission_id = role, mission_id
    return {"before": before, "after": {"role": role, "mission_id": mission_id}}


def _mission_id(session, raw) -> int:
    try:
        mission = session.get(Mission, int(raw))
    except (TypeError, ValueError):
        mission = None
    if mission is None:
        raise InvalidInput(
            f"Mission staff need a mission; no mission has the id {raw or '(none)'}."
        )
    return mission.id


def _disable(session, user: StaffUser, form) -> dict:
    user.active = False
    return {}


def _enable(session, user: StaffUser, form) -> dict:
    user.active = True
    return {}


def _unlock(session, user: StaffUser, form) -> dict:
    user.locked_until = None
    user.failed_logins = 0
    return {}


def _reset_second_factor(session, user: StaffUser, form) -> dict:
    user.totp_secret = None
    user.totp_enabled = False
    return {}
