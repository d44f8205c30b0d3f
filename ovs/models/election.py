"""Elections and the missions that run them abroad."""

import datetime as dt

from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ovs.models.base import Base
from ovs.models.base import utcnow


class Election(Base):
    """One vote: a voting day, a return deadline and the home country."""

    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    home_country: Mapped[str] = mapped_column(String(2))
    voting_day: Mapped[dt.date] = mapped_column(Date)
    return_deadline: Mapped[dt.datetime]
    mail_marking: Mapped[str] = mapped_column(String(120), default="ELECTION MAIL")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    missions: Mapped[list["Mission"]] = relationship(back_populates="election")


class Mission(Base):
    """An embassy or consulate whose election committee runs the postal vote."""

    __tablename__ = "mission"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    # Structured like a voter address: street_address, city, postal_code, ...
    return_address: Mapped[dict]
    require_totp: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    election: Mapped[Election] = relationship(back_populates="missions")
    countries: Mapped[list["MissionCountry"]] = relationship(
        back_populates="mission", cascade="all, delete-orphan"
    )

    @property
    def country_codes(self) -> list[str]:
        """The ISO codes of the countries whose voters this mission serves."""
        return sorted(c.country for c in self.countries)


class MissionCountry(Base):
    """A country whose voters a mission serves."""

    __tablename__ = "mission_country"
    __table_args__ = (UniqueConstraint("mission_id", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)

    mission: Mapped[Mission] = relationship(back_populates="countries")
