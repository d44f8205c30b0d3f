"""Ballots, the postal items that carry them, and the events of those items."""

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ovs.models.base import Base
from ovs.models.base import BigId
from ovs.models.base import utcnow
from ovs.postal.status import BallotState
from ovs.postal.status import ItemStatus


class Ballot(Base):
    """One ballot package issued to a voter; a replacement voids the one before."""

    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("voter_id", "sequence"),
        # At most one live ballot per voter, on both databases.
        Index(
            "uq_ballot_one_live_per_voter",
            "voter_id",
            unique=True,
            sqlite_where=text("state = 'live'"),
            postgresql_where=text("state = 'live'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("dispatch_batch.id"), index=True
    )
    sequence: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(16), default=BallotState.LIVE)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("ballot.id"))
    void_reason: Mapped[str | None] = mapped_column(String(200))
    voided_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    voter: Mapped["Voter"] = relationship(back_populates="ballots")  # noqa: F821
    items: Mapped[list["Item"]] = relationship(back_populates="ballot")


class Item(Base):
    """One postal item, outbound or return, known by its tracking number."""

    __tablename__ = "item"
    __table_args__ = (
        Index("ix_item_poll_due", "partner_id", "next_poll_at"),
        Index("ix_item_mission_status", "mission_id", "leg", "status"),
        # The dashboard's overdue list reads only items still on their way.
        Index(
            "ix_item_overdue",
            "expected_p90_at",
            sqlite_where=text("is_final = 0"),
            postgresql_where=text("is_final = false"),
        ),
        Index(
            "ix_item_at_risk_open",
            "expected_p90_at",
            sqlite_where=text("at_risk = 1 AND is_final = 0"),
            postgresql_where=text("at_risk = true AND is_final = false"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_post.id"))
    lane_id: Mapped[int | None] = mapped_column(ForeignKey("lane.id"))
    leg: Mapped[str] = mapped_column(String(16))
    service_class: Mapped[str] = mapped_column(String(16))
    tracking_number: Mapped[str] = mapped_column(String(40), unique=True)
    # The voter's country: destination of the outbound leg, origin of the return.
    voter_country: Mapped[str] = mapped_column(String(2))

    status: Mapped[str] = mapped_column(String(32), default=ItemStatus.PREPARED)
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    is_final: Mapped[bool] = mapped_column(default=False)
    last_event_at: Mapped[dt.datetime | None]
    event_count: Mapped[int] = mapped_column(default=0)

    # Deadlines, from the lane's transit times.
    expected_p50_at: Mapped[dt.datetime | None]
    expected_p90_at: Mapped[dt.datetime | None]
    at_risk: Mapped[bool] = mapped_column(default=False, index=True)
    lost_proposed_at: Mapped[dt.datetime | None]

    # Polling: when to ask the partner next, and who holds the lease.
    next_poll_at: Mapped[dt.datetime | None]
    last_polled_at: Mapped[dt.datetime | None]
    poll_lease_until: Mapped[dt.datetime | None]
    poll_lease_owner: Mapped[str | None] = mapped_column(String(64))
    poll_count: Mapped[int] = mapped_column(default=0)
    reported_by_callback: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    ballot: Mapped[Ballot] = relationship(back_populates="items")
    events: Mapped[list["TrackingEvent"]] = relationship(
        back_populates="item", order_by="TrackingEvent.occurred_at"
    )


class TrackingEvent(Base):
    """Something that happened to an item, in UPU terms, with what the post said."""

    __tablename__ = "tracking_event"
    __table_args__ = (
        # Partner pages list the codes no UPU event matched; they are rare.
        Index(
            "ix_tracking_event_unmapped",
            "item_id",
            sqlite_where=text("code IS NULL"),
            postgresql_where=text("code IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    # None when the partner's code maps to no UPU event: stored and shown, never
    # read as "in transit".
    code: Mapped[str | None] = mapped_column(String(8))
    partner_code: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(500))
    occurred_at: Mapped[dt.datetime]
    # The offset from UTC the post reported, in minutes; inferred when the
    # post gave local time only (see offset_inferred).
    utc_offset_minutes: Mapped[int | None]
    offset_inferred: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str | None] = mapped_column(String(200))
    measure: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    partner_event_id: Mapped[str | None] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    item: Mapped[Item] = relationship(back_populates="events")
