"""Dashboard counters kept up to date from the outbox, so pages never count 4M rows."""

import datetime as dt

from sqlalchemy import BigInteger
from sqlalchemy import Date
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ovs.models.base import Base


class StatusCount(Base):
    """How many items of one mission, country, partner and leg are in one status."""

    __tablename__ = "status_count"
    __table_args__ = (
        UniqueConstraint("mission_id", "country", "partner_id", "leg", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(index=True)
    country: Mapped[str] = mapped_column(String(2))
    partner_id: Mapped[int]
    leg: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class StatusFlow(Base):
    """How many items of one mission and leg entered one status on one day (UTC)."""

    __tablename__ = "status_flow"
    __table_args__ = (UniqueConstraint("day", "mission_id", "leg", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    mission_id: Mapped[int]
    leg: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class TransitBucket(Base):
    """How many items of one lane and leg took ``days`` whole days to arrive."""

    __tablename__ = "transit_bucket"
    __table_args__ = (UniqueConstraint("lane_id", "leg", "days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lane_id: Mapped[int]
    leg: Mapped[str] = mapped_column(String(16))
    days: Mapped[int]
    count: Mapped[int] = mapped_column(BigInteger, default=0)
