"""The outbox: what follows a change, written in the same transaction as the change."""

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ovs.models.base import Base
from ovs.models.base import BigId
from ovs.models.base import utcnow


class OutboxMessage(Base):
    """One fact for the world outside: a status change, a receipt, a count."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # "item.status_changed", "ballot.received", "counts.hourly", "voter.notify"...
    topic: Mapped[str] = mapped_column(String(64), index=True)
    # Messages with the same key are delivered in id order (an item's id, say).
    key: Mapped[str | None] = mapped_column(String(64), index=True)
    payload: Mapped[dict]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class OutboxCursor(Base):
    """How far one consumer (notifications, webhook fan-out) has read the outbox."""

    __tablename__ = "outbox_cursor"

    id: Mapped[int] = mapped_column(primary_key=True)
    consumer: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(BigId, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
