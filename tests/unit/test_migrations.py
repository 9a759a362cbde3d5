"""Schema changes go through migrations: upgrading an empty database gives exactly the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from learner import create_app
from learner.extensions import db


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
                      "TESTING": True})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert diff == []


def test_existing_totp_secrets_are_encrypted_by_the_upgrade_and_back_by_a_downgrade(tmp_path):
    from flask_migrate import downgrade
    from sqlalchemy import text

    from learner.common.secret_box import SecretBox
    before = "725ff19ab3a7"  # the revision that stored them as they are
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'totp.sqlite3'}",
                      "TESTING": True, "SECRET_KEY": "a-secret-key-for-this-test-only-0123"})
    stored = 'SELECT totp_secret FROM "user"'
    with app.app_context():
        upgrade(revision=before)
        with db.engine.begin() as connection:
            connection.execute(text(
                'INSERT INTO "user" (email, name, password_hash, role, locale, token_generation, '
                "created_at, totp_secret) VALUES ('t@example.bo', 'T', 'x', 'trainer', 'es', 0, "
                "'2026-01-01 00:00:00', :secret)"), {"secret": plain})
        upgrade()
        with db.engine.connect() as connection:
            sealed = connection.execute(text(stored)).scalar_one()
        assert sealed != plain and SecretBox.for_config(app.config).open(sealed) == plain
        downgrade(revision=before)
        with db.engine.connect() as connection:
            assert connection.execute(text(stored)).scalar_one() == plain
        db.engine.dispose()


def test_a_table_rebuild_on_sqlite_keeps_every_row_that_points_to_it(tmp_path):
    """SQLite changes a column type by copying the table, dropping it and renaming the copy; with
    foreign keys on, that drop would delete (cascade) or refuse (enrolments) what points to it."""
    import uuid

    from sqlalchemy import func, select

    from learner.models import Centre, Cohort, Enrolment, EnrolmentPeriod, QuizAttempt, Region, User
    from learner.common.timeutil import utcnow
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rows.sqlite3'}",
                      "TESTING": True})
    with app.app_context():
        upgrade(revision="725ff19ab3a7")  # the last revision before the `user` table rebuild
        rosa = User(email="rosa@example.bo", name="Rosa", password_hash="x", role="learner",
                    locale="es", token_generation=0)
        cohort = Cohort(name="Grupo 1", centre=Centre(name="Centro", region=Region(name="Oruro")))
        db.session.add_all([rosa, cohort])
        db.session.flush()
        # A plain insert: the ORM's Enrolment would also write an enrolment_period, a table this
        # old revision does not have yet (the upgrade below backfills it).
        db.session.execute(Enrolment.__table__.insert().values(
            user_id=rosa.id, cohort_id=cohort.id, status="active", created_at=utcnow()))
        db.session.add(QuizAttempt(
            id=str(uuid.uuid4()), user_id=rosa.id, quiz_id="conectate/tu-celular",
            content_version="v1", answers={}, score=1, max_score=1, passed=True,
            answered_at=utcnow(), receipt="K7P-2QM", source="sync", body_hash="x"))
        db.session.commit()
        db.session.remove()
        upgrade()
        counts = [db.session.scalar(select(func.count()).select_from(model))
                  for model in (User, Enrolment, QuizAttempt, EnrolmentPeriod)]
        db.session.remove()
        db.engine.dispose()
    assert counts == [1, 1, 1, 1]
