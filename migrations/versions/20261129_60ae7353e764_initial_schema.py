"""initial schema

Every table of the first release: organisation, users and sign-in throttling,
plans and work items, projects and budget lines, status updates, reviews,
indicators, the audit log. Constraint and index names come from the naming
convention in tracker/db.py (op.f keeps them as written).

Revision ID: 60ae7353e764
Revises: 
Create Date: 2026-11-29 17:44:16.874950

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '60ae7353e764'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('bureau', 'district', 'office')", name=op.f('ck_departments_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('code', name=op.f('uq_departments_code'))
    )
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('preamble', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_year >= start_year', name=op.f('ck_plans_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('code', name=op.f('uq_plans_code'))
    )
    op.create_table('plan_contexts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('seed_key', sa.String(length=120), nullable=False),
    sa.Column('outline_no', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('trend', 'achievement', 'problem')", name=op.f('ck_plan_contexts_kind')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_contexts_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_contexts')),
    sa.UniqueConstraint('plan_id', 'seed_key', name=op.f('uq_plan_contexts_plan_id_seed_key'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('session_generation', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("locale IN ('zh_Hans_CN', 'en')", name=op.f('ck_users_locale')),
    sa.CheckConstraint("role IN ('admin', 'office', 'lead', 'member', 'viewer')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_users_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_index(op.f('ix_users_department_id'), 'users', ['department_id'], unique=False)
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_index(op.f('ix_audit_events_actor_id'), 'audit_events', ['actor_id'], unique=False)
    op.create_index(op.f('ix_audit_events_entity'), 'audit_events', ['entity_type', 'entity_id', 'created_at'], unique=False)
    op.create_table('work_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('outline_no', sa.String(length=16), nullable=False),
    sa.Column('seed_key', sa.String(length=120), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('lead_department_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('last_update_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('section', 'task', 'subtask', 'platform', 'goal')", name=op.f('ck_work_items_kind')),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'at_risk', 'delayed', 'completed', 'suspended')", name=op.f('ck_work_items_status')),
    sa.CheckConstraint('due_date IS NULL OR start_date IS NULL OR due_date >= start_date', name=op.f('ck_work_items_dates_ordered')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_work_items_progress_range')),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_work_items_weight_nonnegative')),
    sa.ForeignKeyConstraint(['lead_department_id'], ['departments.id'], name=op.f('fk_work_items_lead_department_id_departments')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_work_items_owner_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['work_items.id'], name=op.f('fk_work_items_parent_id_work_items')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_work_items_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_items')),
    sa.UniqueConstraint('plan_id', 'seed_key', name=op.f('uq_work_items_plan_id_seed_key'))
    )
    op.create_index(op.f('ix_work_items_lead_department_id'), 'work_items', ['lead_department_id'], unique=False)
    op.create_index(op.f('ix_work_items_overdue'), 'work_items', ['plan_id', 'due_date', 'status'], unique=False)
    op.create_index(op.f('ix_work_items_owner_id'), 'work_items', ['owner_id'], unique=False)
    op.create_index(op.f('ix_work_items_parent_order'), 'work_items', ['parent_id', 'sort_order'], unique=False)
    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=True),
    sa.Column('baseline_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.Column('target_value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('comparator', sa.String(length=4), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('responsible_department_id', sa.Integer(), nullable=True),
    sa.Column('goal_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("comparator IN ('ge', 'le', 'eq')", name=op.f('ck_indicators_comparator')),
    sa.CheckConstraint('baseline_year IS NULL OR target_year >= baseline_year', name=op.f('ck_indicators_years_ordered')),
    sa.ForeignKeyConstraint(['goal_item_id'], ['work_items.id'], name=op.f('fk_indicators_goal_item_id_work_items')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_indicators_plan_id_plans')),
    sa.ForeignKeyConstraint(['responsible_department_id'], ['departments.id'], name=op.f('fk_indicators_responsible_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('plan_id', 'code', name=op.f('uq_indicators_plan_id_code'))
    )
    op.create_index(op.f('ix_indicators_goal_item_id'), 'indicators', ['goal_item_id'], unique=False)
    op.create_index(op.f('ix_indicators_responsible_department_id'), 'indicators', ['responsible_department_id'], unique=False)
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('fund_source', sa.String(length=100), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('last_update_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'at_risk', 'delayed', 'completed', 'suspended')", name=op.f('ck_projects_status')),
    sa.CheckConstraint('due_date IS NULL OR start_date IS NULL OR due_date >= start_date', name=op.f('ck_projects_dates_ordered')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_projects_progress_range')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_projects_department_id_departments')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_projects_owner_id_users')),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_projects_work_item_id_work_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    op.create_index(op.f('ix_projects_department_id'), 'projects', ['department_id'], unique=False)
    op.create_index(op.f('ix_projects_overdue'), 'projects', ['due_date', 'status'], unique=False)
    op.create_index(op.f('ix_projects_owner_id'), 'projects', ['owner_id'], unique=False)
    op.create_index(op.f('ix_projects_work_item_id'), 'projects', ['work_item_id'], unique=False)
    op.create_table('work_item_supporting_departments',
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_work_item_supporting_departments_department_id_departments')),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_work_item_supporting_departments_work_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('work_item_id', 'department_id', name=op.f('pk_work_item_supporting_departments'))
    )
    op.create_index(op.f('ix_work_item_supporting_departments_department_id'), 'work_item_supporting_departments', ['department_id'], unique=False)
    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('approved', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('allocated', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('spent', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.CheckConstraint('approved >= 0 AND allocated >= 0 AND spent >= 0', name=op.f('ck_budget_lines_amounts_nonnegative')),
    sa.CheckConstraint('year >= 2000 AND year <= 2100', name=op.f('ck_budget_lines_year_range')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_budget_lines_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines')),
    sa.UniqueConstraint('project_id', 'year', name=op.f('uq_budget_lines_project_id_year'))
    )
    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_indicator_values_entered_by_id_users')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicator_values_indicator_id_year'))
    )
    op.create_table('project_work_items',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_work_items_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_project_work_items_work_item_id_work_items')),
    sa.PrimaryKeyConstraint('project_id', 'work_item_id', name=op.f('pk_project_work_items'))
    )
    op.create_index(op.f('ix_project_work_items_work_item_id'), 'project_work_items', ['work_item_id'], unique=False)
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('follow_up_date', sa.Date(), nullable=True),
    sa.Column('new_due_date', sa.Date(), nullable=True),
    sa.CheckConstraint("outcome <> 'extension' OR new_due_date IS NOT NULL", name=op.f('ck_reviews_extension_has_date')),
    sa.CheckConstraint("outcome IN ('acknowledged', 'follow_up', 'extension', 'escalated', 'closed')", name=op.f('ck_reviews_outcome')),
    sa.CheckConstraint('(work_item_id IS NOT NULL AND project_id IS NULL) OR (work_item_id IS NULL AND project_id IS NOT NULL)', name=op.f('ck_reviews_one_subject')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_reviews_project_id_projects')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_reviews_work_item_id_work_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    op.create_index(op.f('ix_reviews_follow_up'), 'reviews', ['follow_up_date'], unique=False)
    op.create_index(op.f('ix_reviews_item_time'), 'reviews', ['work_item_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_reviews_project_time'), 'reviews', ['project_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_reviews_reviewer_id'), 'reviews', ['reviewer_id'], unique=False)
    op.create_table('status_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status_before', sa.String(length=16), nullable=False),
    sa.Column('status_after', sa.String(length=16), nullable=False),
    sa.Column('progress_before', sa.Integer(), nullable=False),
    sa.Column('progress_after', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('delay_reason', sa.Text(), nullable=False),
    sa.Column('remedy', sa.Text(), nullable=False),
    sa.Column('expected_completion', sa.Date(), nullable=True),
    sa.CheckConstraint("status_after IN ('not_started', 'in_progress', 'at_risk', 'delayed', 'completed', 'suspended')", name=op.f('ck_status_updates_status_after')),
    sa.CheckConstraint("status_before IN ('not_started', 'in_progress', 'at_risk', 'delayed', 'completed', 'suspended')", name=op.f('ck_status_updates_status_before')),
    sa.CheckConstraint('(work_item_id IS NOT NULL AND project_id IS NULL) OR (work_item_id IS NULL AND project_id IS NOT NULL)', name=op.f('ck_status_updates_one_subject')),
    sa.CheckConstraint('progress_after >= 0 AND progress_after <= 100', name=op.f('ck_status_updates_progress_after_range')),
    sa.CheckConstraint('progress_before >= 0 AND progress_before <= 100', name=op.f('ck_status_updates_progress_before_range')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_status_updates_author_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_status_updates_project_id_projects')),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_status_updates_work_item_id_work_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_updates'))
    )
    op.create_index(op.f('ix_status_updates_author_id'), 'status_updates', ['author_id'], unique=False)
    op.create_index(op.f('ix_status_updates_item_time'), 'status_updates', ['work_item_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_status_updates_project_time'), 'status_updates', ['project_id', 'created_at'], unique=False)


def downgrade():
    # Children before parents; a table's indexes and constraints go with it (MariaDB refuses to
    # drop an index on its own while a foreign key uses it).
    op.drop_table('status_updates')
    op.drop_table('reviews')
    op.drop_table('project_work_items')
    op.drop_table('indicator_values')
    op.drop_table('budget_lines')
    op.drop_table('work_item_supporting_departments')
    op.drop_table('projects')
    op.drop_table('indicators')
    op.drop_table('work_items')
    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('plan_contexts')
    op.drop_table('plans')
    op.drop_table('login_throttles')
    op.drop_table('departments')
