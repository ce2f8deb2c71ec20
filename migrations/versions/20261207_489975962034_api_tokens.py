"""api tokens: personal access tokens for the REST API

New table api_tokens: a SHA-256 digest of each secret (never the secret), its scope (read or write), expiry,
last use, revocation, and the per-minute request counter every worker shares.

Revision ID: 489975962034
Revises: 557d4558d7a6
Create Date: 2026-12-07 02:21:20.881976

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '489975962034'
down_revision = '557d4558d7a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_from', sa.String(length=64), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('window_started_at', sa.DateTime(), nullable=True),
    sa.Column('window_requests', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("scope IN ('read', 'write')", name=op.f('ck_api_tokens_scope')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('digest', name=op.f('uq_api_tokens_digest'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)



def downgrade():
    # Dropping the table drops its indexes; dropping ix_api_tokens_user_id first fails on MariaDB, where the
    # foreign key on user_id needs an index.
    op.drop_table('api_tokens')
