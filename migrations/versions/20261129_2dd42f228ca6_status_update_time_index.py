"""status update time index

The dashboard lists the newest status updates across the plan. Without an index
on created_at every page view sorts the whole journal (about 200,000 rows at
20,000 items); with it the database reads the index backwards and stops after
ten rows.

Revision ID: 2dd42f228ca6
Revises: 9a44ad29b88f
Create Date: 2026-11-29 18:21:19.610827

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "2dd42f228ca6"
down_revision = "9a44ad29b88f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.create_index("ix_status_updates_created_at", ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_status_updates_created_at")
