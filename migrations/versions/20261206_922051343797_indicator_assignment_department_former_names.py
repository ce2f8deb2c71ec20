"""indicator assignment source, department former names

Two facts of issue 9 (department defaults and names):

- `indicators.assignment_source`: an indicator's responsible department has a source like a work item's
  departments (tracker.org.assignment: document / default / office). Indicators are created only by the seed,
  whose responsible department is the office's default, so existing indicators with a department start as
  'default' (默认分工，待确认) for the office to confirm; those without one have nothing to confirm ('office').
- `department_former_names`: the names a department carried before an admin renamed it (曾用名: name, short
  name, until when, who), so that pages show the history and a plan document issued under an old name still
  finds the department.

Revision ID: 922051343797
Revises: 78ceaa0aa09c
Create Date: 2026-12-06 18:05:57.762562

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '922051343797'
down_revision = '78ceaa0aa09c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'department_former_names',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('short_name', sa.String(length=40), nullable=False),
        sa.Column('until', sa.DateTime(), nullable=False),
        sa.Column('renamed_by_id', sa.Integer(), nullable=True),
        sa.Column('renamed_by', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ['department_id'], ['departments.id'], name=op.f('fk_department_former_names_department_id_departments')
        ),
        sa.ForeignKeyConstraint(
            ['renamed_by_id'], ['users.id'], name=op.f('fk_department_former_names_renamed_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_department_former_names')),
    )
    with op.batch_alter_table('department_former_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_former_names_department_id'), ['department_id'], unique=False)

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('assignment_source', sa.String(length=16), server_default='office', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_indicators_assignment_source'), sa.text("assignment_source IN ('document', 'default', 'office')")
        )
    op.execute("UPDATE indicators SET assignment_source = 'default' WHERE responsible_department_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_indicators_assignment_source'), type_='check')
        batch_op.drop_column('assignment_source')

    # Dropping the table drops its index (MariaDB refuses to drop an index a foreign key needs on its own).
    op.drop_table('department_former_names')
