"""yearly milestones of items and indicator targets

New tables work_item_milestones (a work item's target progress and/or deliverable per year, 年度目标) and
indicator_targets (an indicator's target value per year between its baseline and its final target).

Revision ID: dc7df0eeb2a9
Revises: 489975962034
Create Date: 2026-12-07 05:22:50.337261

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc7df0eeb2a9'
down_revision = '489975962034'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('work_item_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_progress', sa.Integer(), nullable=True),
    sa.Column('deliverable', sa.String(length=200), server_default='', nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("target_progress IS NOT NULL OR deliverable <> ''", name=op.f('ck_work_item_milestones_says_something')),
    sa.CheckConstraint('target_progress IS NULL OR (target_progress >= 0 AND target_progress <= 100)', name=op.f('ck_work_item_milestones_pct')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_work_item_milestones_set_by_id_users')),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_work_item_milestones_work_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_item_milestones')),
    sa.UniqueConstraint('work_item_id', 'year', name=op.f('uq_work_item_milestones_work_item_id_year'))
    )
    op.create_table('indicator_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_targets_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_indicator_targets_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_targets')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicator_targets_indicator_id_year'))
    )


def downgrade():
    op.drop_table('indicator_targets')
    op.drop_table('work_item_milestones')
