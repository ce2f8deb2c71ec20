"""export slots and installation

Issue 7: export_slots holds one row per export running now (at most
TRACKER_MAX_CONCURRENT_EXPORTS per user across every worker and host; the
unique (user, slot) pair settles races); installation holds this
installation's random key, written into every export's marker and checked on
import; import_rows.changes keeps each previewed row's old → new values
(NULL for rows previewed before this revision).

Revision ID: 427136db3eb0
Revises: 5b7e1c0d9a43
Create Date: 2026-12-06 15:33:10.843459

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '427136db3eb0'
down_revision = '5b7e1c0d9a43'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation'))
    )
    op.create_table('export_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_export_slots_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_slots')),
    sa.UniqueConstraint('user_id', 'slot', name='uq_export_slots_user_slot')
    )
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.drop_column('changes')

    op.drop_table('export_slots')
    op.drop_table('installation')
