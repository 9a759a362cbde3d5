"""Ownership proven: how an application is linked, join requests, enrolment periods

Revision ID: a6c1f0e2b7d4
Revises: 8c1f0d2b7e4a
Create Date: 2026-12-04 18:10:00.000000

Applications already linked get `user_link`: 'created' when the award made the account (the
award copied her pledge time into consent_at), else 'existing' — and an existing account's
outstanding activation code is cleared: it could set the password of an account it did not make.
Each enrolment gets a period from its creation (open while active; a withdrawn one ends now).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c1f0e2b7d4'
down_revision = "8c1f0d2b7e4a"
branch_labels = None
depends_on = None

application = sa.table('application', sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
                       sa.column('pledged_at', sa.DateTime), sa.column('user_link', sa.String),
                       sa.column('activation_hash', sa.String),
                       sa.column('activation_expires_at', sa.DateTime))
user = sa.table('user', sa.column('id', sa.Integer), sa.column('consent_at', sa.DateTime))
enrolment = sa.table('enrolment', sa.column('user_id', sa.Integer), sa.column('cohort_id', sa.Integer),
                     sa.column('status', sa.String), sa.column('created_at', sa.DateTime))


def upgrade():
    op.create_table('enrolment_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('enrolment_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_period_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_period_user_id'), ['user_id'], unique=False)

    op.create_table('join_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], ),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('join_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_request_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_join_request_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_join_request_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_link', sa.String(length=10), nullable=True))

    bind = op.get_bind()
    linked = bind.execute(sa.select(application.c.id, application.c.pledged_at, user.c.consent_at)
                          .join(user, user.c.id == application.c.user_id)).all()
    for row_id, pledged_at, consent_at in linked:
        values = {'user_link': 'created'} if consent_at == pledged_at else {
            'user_link': 'existing', 'activation_hash': None, 'activation_expires_at': None}
        bind.execute(application.update().where(application.c.id == row_id).values(**values))
    now = sa.func.current_timestamp()
    rows = bind.execute(sa.select(enrolment.c.user_id, enrolment.c.cohort_id, enrolment.c.status,
                                  enrolment.c.created_at)).all()
    period = sa.table('enrolment_period', sa.column('user_id', sa.Integer),
                      sa.column('cohort_id', sa.Integer), sa.column('started_at', sa.DateTime),
                      sa.column('ended_at', sa.DateTime))
    for user_id, cohort_id, status, created_at in rows:
        bind.execute(period.insert().values(user_id=user_id, cohort_id=cohort_id, started_at=created_at,
                                            ended_at=None if status == 'active' else now))


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('user_link')

    with op.batch_alter_table('join_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_join_request_status'))
        batch_op.drop_index(batch_op.f('ix_join_request_centre_id'))

    op.drop_table('join_request')
    with op.batch_alter_table('enrolment_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_period_user_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_period_cohort_id'))

    op.drop_table('enrolment_period')
