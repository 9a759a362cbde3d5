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
