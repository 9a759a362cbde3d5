"""TOTP secrets encrypted at rest

Revision ID: 2963f48a3cce
Revises: 725ff19ab3a7
Create Date: 2026-11-29 18:57:10.374558

Secrets stored as they were are encrypted here with the running configuration's key (TOTP_KEY,
else SECRET_KEY): run the upgrade with the same settings as the app. The downgrade decrypts them
again; one sealed with another key cannot be, and is cleared (she enrols again).
"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from learner.common.secret_box import SecretBox


# revision identifiers, used by Alembic.
revision = '2963f48a3cce'
down_revision = '725ff19ab3a7'
branch_labels = None
depends_on = None

user = sa.table('user', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String),
                sa.column('totp_enabled_at', sa.DateTime), sa.column('totp_last_step', sa.Integer))


def _rewrite(change) -> None:
    """Give every stored secret `change(secret)`; None clears her second factor."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(user.c.id, user.c.totp_secret)
                        .where(user.c.totp_secret.is_not(None))).all()
    for user_id, secret in rows:
        new = change(secret)
        values = {'totp_secret': new} if new is not None else {
            'totp_secret': None, 'totp_enabled_at': None, 'totp_last_step': None}
        bind.execute(sa.update(user).where(user.c.id == user_id).values(**values))


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.VARCHAR(length=32),
               type_=sa.String(length=200),
               existing_nullable=True)
    _rewrite(SecretBox.for_config(current_app.config).seal)


def downgrade():
    _rewrite(SecretBox.for_config(current_app.config).open)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.String(length=200),
               type_=sa.VARCHAR(length=32),
               existing_nullable=True)
