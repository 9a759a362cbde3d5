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

    from learner.secret_box import SecretBox
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
