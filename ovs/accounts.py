"""Staff accounts: creating users and checking passwords."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ovs import audit
from ovs.errors import Conflict
from ovs.errors import InvalidInput
from ovs.models import Mission
from ovs.models import StaffUser
from ovs.postal.status import Role

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(user: StaffUser, password: str) -> bool:
    """Whether the password matches the user's stored hash."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_staff(
    session,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    mission_code: str | None = None,
    actor: str,
) -> StaffUser:
    """Create a staff user, checking role, mission and password; audit the change."""
    if role not in set(Role):
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of: {', '.join(r.value for r in Role)}."
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long."
        )
    mission = _mission_for_role(session, role, mission_code)
    user = StaffUser(
        email=email.strip().lower(),
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
        mission_id=mission.id if mission else None,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"A staff user with the email {email} already exists.") from None
    audit.record(
        session,
        actor=actor,
        action="staff.created",
        object_type="staff_user",
        object_id=user.id,
        mission_id=user.mission_id,
        details={"role": role},
    )
    return user


def _mission_for_role(session, role: str, mission_code: str | None):
    if role != Role.MISSION:
        if mission_code:
            raise InvalidInput(
                f"The {role} role spans all missions; leave out --mission."
            )
        return None
    if not mission_code:
        raise InvalidInput("Mission staff need a mission: pass --mission CODE.")
    mission = session.scalar(
        select(Mission).where(Mission.code == mission_code.upper())
    )
    if mission is None:
        raise InvalidInput(
            f"No mission has the code {mission_code!r}; "
            "`flask --app ovs missions` lists them."
        )
    return mission
