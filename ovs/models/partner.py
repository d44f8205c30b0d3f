"""Partner posts, the tracking-number ranges they allocate, and lanes."""

import datetime as dt

from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ovs.models.base import Base
from ovs.models.base import utcnow


class PartnerPost(Base):
    """A national post that carries items, spoken to through its adapter."""

    __tablename__ = "partner_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    adapter: Mapped[str] = mapped_column(String(32))
    # Non-secret adapter settings (base URL, account ids); credentials come from
    # the environment or the instance config, never from here.
    settings: Mapped[dict] = mapped_column(default=dict)
    callback_secret: Mapped[str] = mapped_column(String(128))
    callback_secret_rotated_at: Mapped[dt.datetime | None]
    # Partners that push events by callback need not be polled.
    pushes_events: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    # Health, written by the poller.
    last_success_at: Mapped[dt.datetime | None]
    last_failure_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    requests_total: Mapped[int] = mapped_column(BigInteger, default=0)
    failures_total: Mapped[int] = mapped_column(BigInteger, default=0)
    circuit_open_until: Mapped[dt.datetime | None]
    backoff_until: Mapped[dt.datetime | None]
    unmapped_events_total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    ranges: Mapped[list["TrackingRange"]] = relationship(back_populates="partner")


class TrackingRange(Base):
    """A block of S10 serial numbers a partner post allocated to a mission."""

    __tablename__ = "tracking_range"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_post.id"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)
    service_indicator: Mapped[str] = mapped_column(String(2))
    country: Mapped[str] = mapped_column(String(2))
    first_serial: Mapped[int]
    last_serial: Mapped[int]
    # The next serial to hand out; the range is exhausted past last_serial.
    next_serial: Mapped[int]
    allocated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    low_warned_at: Mapped[dt.datetime | None]

    partner: Mapped[PartnerPost] = relationship(back_populates="ranges")
    mission: Mapped["Mission"] = relationship()  # noqa: F821

    @property
    def remaining(self) -> int:
        """How many numbers are left in the range."""
        return max(0, self.last_serial - self.next_serial + 1)


class Lane(Base):
    """Origin to destination through one partner and service class."""

    __tablename__ = "lane"
    __table_args__ = (
        UniqueConstraint(
            "origin_country", "destination_country", "partner_id", "service_class"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    origin_country: Mapped[str] = mapped_column(String(2))
    destination_country: Mapped[str] = mapped_column(String(2))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_post.id"), index=True)
    service_class: Mapped[str] = mapped_column(String(16))
    # Configured transit times in days: the prior before observations arrive.
    default_p50_days: Mapped[float]
    default_p90_days: Mapped[float]
    # Learned from delivered items.
    observed_count: Mapped[int] = mapped_column(default=0)
    observed_p50_days: Mapped[float | None]
    observed_p90_days: Mapped[float | None]
    observed_at: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)

    partner: Mapped[PartnerPost] = relationship()

    partner: Mapped[PartnerPost] = relationship()
