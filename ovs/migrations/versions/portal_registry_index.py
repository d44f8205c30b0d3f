"""Index voters by registry number alone, for the portal look-up.

Revision ID: portal_registry_index
Revises: 0001
"""

from alembic import op

revision = "portal_registry_index"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    """Add the index the portal look-up reads."""
    with op.batch_alter_table("voter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voter_registry_number"), ["registry_number"], unique=False
        )


def downgrade():
    """Drop the index."""
    with op.batch_alter_table("voter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voter_registry_number"))
