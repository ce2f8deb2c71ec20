"""work item short name, added outline numbers, assignment source

Three facts about a work item that the plan document decides (issue 9):
`short_name` (the name people use, 两化融合), `outline_added` (the outline
number is the tracker's, the document gives none) and `assignment_source`
(document / default / office: whether the lead and supporting departments are
the document's, the office's unconfirmed default, or set by the office).

Existing seeded items (seed_key set) with a department were assigned by the
seed's defaults, so they start as 'default' (默认分工，待确认) for the office to
confirm; items created in the app were assigned by the office.

Revision ID: 74253c9cb14c
Revises: c1025596d615
Create Date: 2026-12-06 17:58:16.612644

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '74253c9cb14c'
down_revision = 'c1025596d615'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outline_added', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('short_name', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(
            sa.Column('assignment_source', sa.String(length=16), server_default='office', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_work_items_assignment_source'), sa.text("assignment_source IN ('document', 'default', 'office')")
        )
    op.execute(
        "UPDATE work_items SET assignment_source = 'default'"
        " WHERE seed_key IS NOT NULL AND lead_department_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_work_items_assignment_source'), type_='check')
        batch_op.drop_column('assignment_source')
        batch_op.drop_column('short_name')
        batch_op.drop_column('outline_added')
