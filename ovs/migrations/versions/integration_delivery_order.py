"""Index for sending webhook deliveries in order per key.

Revision ID: integration_delivery_order
Revises: portal_registry_index
"""

from alembic import op

revision = "integration_delivery_order"
down_revision = "portal_registry_index"
branch_labels = None
depends_on = None


def upgrade():
    """Add the index that finds an earlier pending delivery of the same key."""
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_delivery_key_order",
            ["subscriber_id", "key", "outbox_id"],
            unique=False,
        )


def downgrade():
    """Drop the index."""
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_delivery_key_order")
