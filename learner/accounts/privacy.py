"""A learner's own data: export it as JSON, or delete it for good (her right under art. 130 of the
Bolivian Constitution, and ASVS 4.0 8.3.2).

Both walk the schema rather than a hand-made list: any table with a `user_id` column pointing at
the user is hers, so a table added later is exported and deleted without anyone remembering to.
Other columns pointing at a user (granted_by_id, decided_by_id…) only record who did something:
on deletion they are set to NULL, the row stays.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import Column, Table, delete, select, update

from learner.accounts.application_links import release
from learner.extensions import db
from learner.models import Application, LessonCompletion, QuizAttempt, Role, SyncConflict, User
from learner.common.timeutil import iso, utcnow

log = logging.getLogger(__name__)
OWNER_COLUMN = "user_id"
ACCOUNT_FIELDS = ("id", "name", "email", "role", "locale", "consent_at", "created_at")


class NotALearner(ValueError):
    """Staff accounts are not deleted this way (they hold other people's history)."""


def _is_secret(column: Column) -> bool:
    # Hashes of passwords, codes and device secrets say nothing to her and help an attacker.
    return column.name.endswith("_hash") or "secret" in column.name


def _user_columns() -> list[Column]:
    """Every column in the schema with a foreign key to user.id."""
    user_table = User.__table__
    return [column for table in db.metadata.sorted_tables for column in table.columns
            if any(fk.column.table is user_table for fk in column.foreign_keys)]


def owned_tables() -> list[Table]:
    """Tables whose rows are a user's own: they have a `user_id` pointing at her."""
    return [c.table for c in _user_columns() if c.name == OWNER_COLUMN]


def _plain(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(table: Table, condition) -> list[dict]:
    shown = [c for c in table.columns if not _is_secret(c) and c.name != OWNER_COLUMN]
    result = db.session.execute(select(*shown).where(condition)).mappings()
    return [{key: _plain(value) for key, value in row.items()} for row in result]


def _owner_condition(table: Table, user: User):
    # Applications too go by their proven link only: an e-mail typed into one proves nothing.
    return table.c[OWNER_COLUMN] == user.id


def export_learner_data(user: User) -> dict:
    """Everything the app holds about her, as plain JSON types, one list per table."""
    data = {
        "generated_at": iso(utcnow()),
        "account": {field: _plain(getattr(user, field)) for field in ACCOUNT_FIELDS},
    }
    for table in owned_tables():
        data[table.name] = _rows(table, _owner_condition(table, user))
    return data


def _sync_conflicts_of(user: User):
    """A conflict row keeps the resent body (answers, token) under the id of a stored item."""
    item_ids = select(QuizAttempt.id).where(QuizAttempt.user_id == user.id).union(
        select(LessonCompletion.id).where(LessonCompletion.user_id == user.id))
    return delete(SyncConflict).where(SyncConflict.item_id.in_(item_ids))


def delete_learner(user: User, by: User | None = None) -> None:
    """Delete her and everything that is hers; her sync tokens then answer `gone`. Commits."""
    if not user.has_role(Role.LEARNER):
        raise NotALearner(user.id)
    user_id = user.id
    db.session.execute(_sync_conflicts_of(user))
    for column in _user_columns():
        if column.name != OWNER_COLUMN:
            db.session.execute(update(column.table).where(column == user_id).values({column.name: None}))
    release(user)  # applications: hers deleted, those someone else filed only unlinked
    for table in reversed(owned_tables()):
        if table is not Application.__table__:
            db.session.execute(delete(table).where(_owner_condition(table, user)))
    db.session.delete(user)
    db.session.commit()
    # Ids only: the log must not keep what was just deleted.
    log.info("learner %s deleted by %s", user_id, by.id if by else "herself")
