"""Applications: a family may share a phone

Revision ID: 4d93b8172521
Revises: 3480f2e74cf5
Create Date: 2026-11-29 17:53:09.664793

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d93b8172521'
down_revision = '3480f2e74cf5'
branch_labels = None
depends_on = None


def _name_key(name):
    # A frozen copy of learner.names.name_key: a migration must not change with the app.
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())[:120]


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('shares_phone_with', sa.String(length=12), nullable=True))
    # Existing applications get their key before the column becomes required.
    application = sa.table('application', sa.column('id', sa.Integer),
                           sa.column('name', sa.String), sa.column('name_key', sa.String))
    bind = op.get_bind()
    for row_id, name in bind.execute(sa.select(application.c.id, application.c.name)).all():
        bind.execute(application.update().where(application.c.id == row_id)
                     .values(name_key=_name_key(name)))
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=120), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_application_call_phone'), type_='unique')
        batch_op.create_unique_constraint('uq_application_call_phone_name', ['call_id', 'phone', 'name_key'])


def downgrade():
    # Fails while two applications of one call share a phone: decide about those first.
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_constraint('uq_application_call_phone_name', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_application_call_phone'), ['call_id', 'phone'])
        batch_op.drop_column('shares_phone_with')
        batch_op.drop_column('name_key')
