"""The sync contract (DESIGN §4): validate an envelope, store each item once, answer per item."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learner.accounts.users import TokenProblem, user_for_token
from learner.learning.catalog import Catalog
from learner.extensions import db
from learner.models import LessonCompletion, QuizAttempt, SyncConflict
from learner.learning.progress import (
    CONFLICT,
    STORED,
    Batch,
    Outcome,
    record_attempt,
    record_completion,
)
from learner.common.timeutil import parse_iso

log = logging.getLogger(__name__)
ITEM_TYPES = ("quiz_attempt", "lesson_completed")


class BadEnvelope(ValueError):
    """The request as a whole is malformed: 400, nothing stored."""


@dataclass(frozen=True)
class Settings:
    secret_key: str
    pass_ratio: float = 0.7


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def has_nul(body: object) -> bool:
    """Whether any key or text value holds NUL (PostgreSQL cannot store it). Not recursive: the
    body may be as deep as the JSON parser allows."""
    waiting = [body]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str) and "\x00" in value:
            return True
        if isinstance(value, dict):
            waiting.extend(value.keys())
            waiting.extend(value.values())
        elif isinstance(value, list):
            waiting.extend(value)
    return False


def validate_envelope(body: object, max_items: int,
                      types: tuple[str, ...] = ITEM_TYPES) -> tuple[str, list[dict]]:
    """The device id and the items; BadEnvelope (400) or OverflowError (413) otherwise."""
    if not isinstance(body, dict):
        raise BadEnvelope("the body must be a JSON object")
    device, items = body.get("device"), body.get("items")
    if not _is_uuid(device):
        raise BadEnvelope("device must be a UUID")
    if not isinstance(items, list):
        raise BadEnvelope("items must be a list")
    if len(items) > max_items:
        raise OverflowError(f"at most {max_items} items")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not _is_uuid(item.get("id")):
            raise BadEnvelope(f"items[{index}] needs an id (UUID)")
        if item.get("type") not in types:
            raise BadEnvelope(f"items[{index}].type must be one of {', '.join(types)}")
    return device, items


def rejected(item_id: str, reason: str, retry: bool) -> dict:
    return {"id": item_id, "status": "rejected", "reason": reason, "retry": retry}


@dataclass
class Accepted:
    """One result per item, in order; and per learner, the modules where something she did was
    just stored that can complete a module (a passed quiz, a lesson done): the certificate check
    runs for those only."""
    results: list[dict]
    progressed: dict[int, set[str]] = field(default_factory=dict)


def accept(device: str, items: list[dict], catalog: Catalog, settings: Settings) -> Accepted:
    """Store what can be stored from a validated envelope; the caller commits.
    Fast path: one query for the ids already stored, one INSERT per table for the new rows. If
    that clashes (another request stored one of these ids meanwhile, or a receipt was taken),
    start again item by item, each in its own savepoint."""
    accepted = Accepted([])
    try:
        batch, users = _stored(items), {}
        accepted.results = [accept_item(item, device, catalog, settings, batch, users, accepted)
                            for item in items]
        batch.insert_all()
    except IntegrityError:
        db.session.rollback()
        accepted = Accepted([])
        accepted.results = [accept_item(item, device, catalog, settings, None, {}, accepted)
                            for item in items]
    return accepted


def _stored(items: list[dict]) -> Batch:
    batch = Batch()
    for model, kind in ((QuizAttempt, "quiz_attempt"), (LessonCompletion, "lesson_completed")):
        ids = [item["id"] for item in items if item["type"] == kind]
        if ids:
            batch.known.update((row.id, row) for row in db.session.scalars(
                select(model).where(model.id.in_(ids))))
    return batch


def _user(token: object, secret_key: str, users: dict):
    """user_for_token once per distinct token of the envelope (a phone sends one or two)."""
    key = token if isinstance(token, str) else None
    if key not in users:
        try:
            users[key] = user_for_token(token, secret_key)
        except TokenProblem as problem:
            users[key] = problem
    if isinstance(users[key], TokenProblem):
        raise users[key]
    return users[key]


def accept_item(item: dict, device: str, catalog: Catalog, settings: Settings,
                batch: Batch | None = None, users: dict | None = None,
                accepted: Accepted | None = None) -> dict:
    item_id = item["id"]
    if has_nul(item):  # PostgreSQL cannot store it; refused for good, not resent forever
        return rejected(item_id, "invalid_item", retry=False)
    try:
        user = _user(item.get("token"), settings.secret_key, {} if users is None else users)
    except TokenProblem as problem:
        if problem.reason == "gone":
            return {"id": item_id, "status": "gone"}
        return rejected(item_id, problem.reason, retry=problem.reason == "token_revoked")
    version = item.get("content_version")
    if not isinstance(version, str) or not 0 < len(version) <= 64:
        return rejected(item_id, "invalid_item", retry=False)
    if item["type"] == "quiz_attempt":
        outcome = _attempt(item, user, device, version, catalog, settings, batch)
    else:
        outcome = _completion(item, user, device, version, catalog, batch)
    if isinstance(outcome, dict):
        return outcome
    if outcome.status == CONFLICT:
        log.warning("sync conflict: item %s sent again with a different body", item_id)
        db.session.add(SyncConflict(item_id=item_id, device=device,
                                    body=json.dumps(item, default=str)[:4000]))
        return rejected(item_id, "conflict", retry=False)
    row = outcome.row
    result = {"id": item_id, "status": outcome.status, "receipt": row.receipt}
    if item["type"] == "quiz_attempt":
        result.update(score=row.score, max_score=row.max_score, passed=row.passed)
    if accepted is not None and outcome.status == STORED and getattr(row, "passed", True):
        lesson_id = row.quiz_id if item["type"] == "quiz_attempt" else row.lesson_id
        accepted.progressed.setdefault(user.id, set()).add(lesson_id.partition("/")[0])
    return result


def _when(value: object):
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        return None


def _attempt(item, user, device, version, catalog, settings, batch) -> Outcome | dict:
    quiz = catalog.quiz(item.get("quiz")) if isinstance(item.get("quiz"), str) else None
    answers, answered_at = item.get("answers"), _when(item.get("answered_at"))
    if quiz is None:
        return rejected(item["id"], "unknown_quiz", retry=False)
    if not _valid_answers(answers) or answered_at is None:
        return rejected(item["id"], "invalid_item", retry=False)
    return record_attempt(item_id=item["id"], user=user, quiz=quiz, version=version,
                          answers=answers, answered_at=answered_at, source="sync",
                          device=device, pass_ratio=settings.pass_ratio, batch=batch)


def _valid_answers(answers: object) -> bool:
    if not isinstance(answers, dict) or len(answers) > 50:
        return False
    for key, value in answers.items():
        if len(key) > 40:
            return False
        values = value if isinstance(value, list) else [value]
        if len(values) > 20 or not all(isinstance(v, str) and len(v) <= 40 for v in values):
            return False
    return True


def _completion(item, user, device, version, catalog, batch) -> Outcome | dict:
    lesson_id, completed_at = item.get("lesson"), _when(item.get("completed_at"))
    if not isinstance(lesson_id, str) or catalog.lesson(lesson_id) is None:
        return rejected(item["id"], "unknown_lesson", retry=False)
    if completed_at is None:
        return rejected(item["id"], "invalid_item", retry=False)
    return record_completion(item_id=item["id"], user=user, lesson_id=lesson_id,
                             version=version, completed_at=completed_at, device=device,
                             batch=batch)
