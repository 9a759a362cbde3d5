"""Readiness for a load balancer: the database answers, the rate-limit store answers, and the
schema is at the newest migration. Each check says only ok or not (no detail leaks out)."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from learner.extensions import db, limiter


def database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False


def limit_store_ok(app: Flask) -> bool:
    """The shared limit store (Redis) answers; in-memory storage always does."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return True  # limits switched off: there is no store to reach
    try:
        return bool(limiter.storage.check())
    except Exception:  # noqa: BLE001 - any failure of the store means "not ready", never a 500
        return False


def migrations_current(app: Flask) -> bool:
    directory = Path(app.extensions["migrate"].directory)
    if not directory.is_absolute():
        directory = Path(app.extensions["root"]) / directory
    heads = set(ScriptDirectory(str(directory)).get_heads())
    try:
        with db.engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    except SQLAlchemyError:
        return False


def readiness(app: Flask) -> dict[str, bool]:
    database = database_ok()
    return {"database": database, "limits": limit_store_ok(app),
            "migrations": database and migrations_current(app)}
