"""A profile switch proves the PIN: verifier, failed tries and issue time per phone credential

Revision ID: 8c1f0d2b7e4a
Revises: 2963f48a3cce
Create Date: 2026-12-04 18:20:00.000000

Credentials made before this have no verifier: they switch nobody (the phone says so, and she
makes a new PIN after her next sign-in with her password).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c1f0d2b7e4a'
down_revision = '2963f48a3cce'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('device_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_verifier', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('failures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('issued_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('device_profile', schema=None) as batch_op:
        batch_op.drop_column('issued_at')
        batch_op.drop_column('failures')
        batch_op.drop_column('pin_verifier')
