"""Staff users and their roles, scoped to missions."""

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ovs.models.base import Base
from ovs.models.base import utcnow
from ovs.postal.status import Role


class StaffUser(UserMixin, Base):
    """A person who signs in to the staff pages."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    # Set for mission staff: the one mission they may see and change.
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("mission.id"))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def sees_all_missions(self) -> bool:
        """Whether this user's role spans every mission."""
        return self.role in {Role.ADMIN, Role.CENTRAL, Role.OBSERVER}

    def may_see_mission(self, mission_id: int) -> bool:
        """Whether this user may read the given mission's data."""
        return self.sees_all_missions or self.mission_id == mission_id

    @property
    def read_only(self) -> bool:
        """Whether this user may only read."""
        return self.role == Role.OBSERVER

    @property
    def is_active(self) -> bool:
        """Flask-Login: disabled users cannot sign in."""
        return self.active
