"""Database set-up that depends on the engine: SQLite pragmas (WAL, foreign keys)."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from learner.extensions import db


def init_database(app: Flask) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine

        @event.listens_for(engine, "connect")
        def sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            # WAL lets readers go on while one writer writes; busy_timeout waits for the lock
            # instead of failing at once when a centre's phones sync together.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
