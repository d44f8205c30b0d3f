"""dashboard counters, daily flows, transit buckets, overdue index

Revision ID: dashboard_counters
Revises: integration_delivery_order
"""

import sqlalchemy as sa
from alembic import op

revision = "dashboard_counters"
down_revision = "integration_delivery_order"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "status_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("leg", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_count")),
        sa.UniqueConstraint(
            "mission_id",
            "country",
            "partner_id",
            "leg",
            "status",
            name=op.f("uq_status_count_mission_id_country_partner_id_leg_status"),
        ),
    )
    with op.batch_alter_table("status_count", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_count_mission_id"), ["mission_id"], unique=False
        )
    op.create_table(
        "status_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("leg", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_flow")),
        sa.UniqueConstraint(
            "day",
            "mission_id",
            "leg",
            "status",
            name=op.f("uq_status_flow_day_mission_id_leg_status"),
        ),
    )
    op.create_table(
        "transit_bucket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lane_id", sa.Integer(), nullable=False),
        sa.Column("leg", sa.String(length=16), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transit_bucket")),
        sa.UniqueConstraint(
            "lane_id", "leg", "days", name=op.f("uq_transit_bucket_lane_id_leg_days")
        ),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_overdue",
            ["expected_p90_at"],
            unique=False,
            sqlite_where=sa.text("is_final = 0"),
            postgresql_where=sa.text("is_final = false"),
        )
        batch_op.create_index(
            "ix_item_at_risk_open",
            ["expected_p90_at"],
            unique=False,
            sqlite_where=sa.text("at_risk = 1 AND is_final = 0"),
            postgresql_where=sa.text("at_risk = true AND is_final = false"),
        )
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tracking_event_unmapped",
            ["item_id"],
            unique=False,
            sqlite_where=sa.text("code IS NULL"),
            postgresql_where=sa.text("code IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.drop_index("ix_tracking_event_unmapped")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index("ix_item_at_risk_open")
        batch_op.drop_index("ix_item_overdue")
    op.drop_table("transit_bucket")
    op.drop_table("status_flow")
    with op.batch_alter_table("status_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_count_mission_id"))
    op.drop_table("status_count")
