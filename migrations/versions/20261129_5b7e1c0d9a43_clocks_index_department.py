"""clocks index by department

The dashboard counts each department's overdue and stale items, and the review
queue reads each overdue or stale item's department. With the lead department
in the clocks index (after plan and retired, so a department's counts are one
range) both read the index alone instead of the wide work item rows.

Revision ID: 5b7e1c0d9a43
Revises: 2dd42f228ca6
Create Date: 2026-11-29 19:15:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5b7e1c0d9a43"
down_revision = "2dd42f228ca6"
branch_labels = None
depends_on = None

CLOCKS = ["status", "due_date", "start_date", "last_update_at", "created_at"]


def _replace(columns: list[str]) -> None:
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_index("ix_work_items_clocks")
        batch_op.create_index("ix_work_items_clocks", columns, unique=False)


def upgrade():
    _replace(["plan_id", "retired", "lead_department_id", *CLOCKS])


def downgrade():
    _replace(["plan_id", "retired", *CLOCKS])
