"""import batch state nothing

An upload with no row to import (each row left as exported or refused) is
finished when it is created, in the new state 'nothing', instead of being
listed as pending forever. Existing pending batches without an accepted row
move to it; the downgrade returns them (and any newer ones) to 'pending'.

Revision ID: c1025596d615
Revises: 427136db3eb0
Create Date: 2026-12-06 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1025596d615'
down_revision = '427136db3eb0'
branch_labels = None
depends_on = None

_NOTHING_TO_APPLY = (
    "NOT EXISTS (SELECT 1 FROM import_rows"
    " WHERE import_rows.batch_id = import_batches.id AND import_rows.verdict = 'apply')"
)


def _state_check(states: str) -> None:
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_import_batches_state'), type_='check')
        batch_op.create_check_constraint(op.f('ck_import_batches_state'), sa.text(f"state IN ({states})"))


def upgrade():
    _state_check("'pending', 'applied', 'discarded', 'nothing'")
    op.execute(f"UPDATE import_batches SET state = 'nothing' WHERE state = 'pending' AND {_NOTHING_TO_APPLY}")


def downgrade():
    op.execute("UPDATE import_batches SET state = 'pending' WHERE state = 'nothing'")
    _state_check("'pending', 'applied', 'discarded'")
