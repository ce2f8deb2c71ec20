"""plan contexts: their place in the document, more kinds, added numbers

Issue 9: the plan page shows the whole document in its order, and the parts
nobody executes (the guiding thought, the five principles, 专栏1, the headings
of chapter 一) are loaded as plan contexts beside the trends, results and
problems. A context now says where it sits: under another context
(`parent_id`) or under a section work item (`work_item_id`), its `sort_order`
counted together with the work items there. `outline_added` marks a number the
document does not print (一、 before 发展趋势与现实基础), as on work items.

No data moves: existing rows keep no parent until `flask seed plan` places them.

Revision ID: 5d0c7e1f9a2b
Revises: 74253c9cb14c
Create Date: 2026-12-06 18:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d0c7e1f9a2b'
down_revision = '74253c9cb14c'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('trend', 'achievement', 'problem')"
NEW_KINDS = (
    "kind IN ('heading', 'trend', 'achievement', 'problem', 'guidance', 'principle', 'box', 'box_entry',"
    " 'indicator_table')"
)


def upgrade():
    with op.batch_alter_table('plan_contexts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outline_added', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('work_item_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_contexts_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_contexts_work_item_id'), ['work_item_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_plan_contexts_parent_id_plan_contexts'), 'plan_contexts', ['parent_id'], ['id']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_plan_contexts_work_item_id_work_items'), 'work_items', ['work_item_id'], ['id']
        )
        batch_op.drop_constraint(op.f('ck_plan_contexts_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_contexts_kind'), sa.text(NEW_KINDS))
        batch_op.create_check_constraint(
            op.f('ck_plan_contexts_one_parent'), sa.text("parent_id IS NULL OR work_item_id IS NULL")
        )


def downgrade():
    # The kinds this revision added cannot live under the old constraint: those rows go with it.
    op.execute("UPDATE plan_contexts SET parent_id = NULL")
    op.execute(
        "DELETE FROM plan_contexts WHERE kind IN ('heading', 'guidance', 'principle', 'box', 'box_entry',"
        " 'indicator_table')"
    )
    with op.batch_alter_table('plan_contexts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_contexts_one_parent'), type_='check')
        batch_op.drop_constraint(op.f('ck_plan_contexts_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_contexts_kind'), sa.text(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_plan_contexts_work_item_id_work_items'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_plan_contexts_parent_id_plan_contexts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_plan_contexts_work_item_id'))
        batch_op.drop_index(batch_op.f('ix_plan_contexts_parent_id'))
        batch_op.drop_column('work_item_id')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('outline_added')
