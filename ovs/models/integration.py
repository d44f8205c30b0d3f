"""API tokens and outbound webhook subscribers with their deliveries."""

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ovs.models.base import Base
from ovs.models.base import BigId
from ovs.models.base import utcnow


class ApiToken(Base):
    """A bearer token for the JSON API, stored only as its hash."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scopes: Mapped[list] = mapped_column(default=list)
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("mission.id"))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]


class WebhookSubscriber(Base):
    """A system that is told about changes: a URL, its topics and its secret."""

    __tablename__ = "webhook_subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    topics: Mapped[list] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True)
    # The last outbox id fanned out to this subscriber's deliveries.
    outbox_cursor: Mapped[int] = mapped_column(BigId, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One outbox message on its way to one subscriber."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "outbox_id"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        # Finds an earlier pending delivery of the same key, which holds a
        # later one back.
        Index("ix_webhook_delivery_key_order", "subscriber_id", "key", "outbox_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscriber.id"))
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"))
    key: Mapped[str | None] = mapped_column(String(64))
    # pending -> delivered | failed (given up after the retry budget)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
