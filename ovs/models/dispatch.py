"""Dispatch batches: the items a mission hands to a partner post at once."""

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ovs.models.base import Base
from ovs.models.base import utcnow


class DispatchBatch(Base):
    """A batch of ballots with its labels and special list (CN 33-style manifest)."""

    __tablename__ = "dispatch_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_post.id"))
    service_class: Mapped[str] = mapped_column(String(16))
    # draft -> issued -> handed_over
    state: Mapped[str] = mapped_column(String(16), default="issued")
    item_count: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    handed_over_at: Mapped[dt.datetime | None]
    handed_over_by: Mapped[str | None] = mapped_column(String(120))
