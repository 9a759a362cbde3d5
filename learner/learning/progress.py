"""Recording what a learner did (idempotent by id) and summing up her progress."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from learner.learning.catalog import Catalog, Quiz
from learner.extensions import db
from learner.learning.grading import Grade, grade
from learner.models import LessonCompletion, QuizAttempt, User
from learner.learning.receipts import new_receipt

STORED, DUPLICATE, CONFLICT = "stored", "duplicate", "conflict"


@dataclass(frozen=True)
class Outcome:
    status: str  # stored | duplicate | conflict
    row: QuizAttempt | LessonCompletion | SimpleNamespace | None  # a namespace: batched, new
    grade: Grade | None = None


def body_hash(*parts: object) -> str:
    canonical = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Batch:
    """The rows of one sync envelope: those already stored, looked up in one query by the caller,
    and the new ones, inserted with one Core statement per table by insert_all()."""
    known: dict = field(default_factory=dict)  # id -> stored ORM row, or new row's values
    new: dict = field(default_factory=dict)  # model -> [column values]

    def add(self, model, item_id: str, values: dict) -> SimpleNamespace:
        row = self.known[item_id] = SimpleNamespace(**values)
        self.new.setdefault(model, []).append(values)
        return row

    def insert_all(self) -> None:
        # Core, not ORM instances and a flush: the unit of work cost more than the INSERT itself.
        for model, rows in self.new.items():
            db.session.execute(insert(model.__table__), rows)


def _insert(model, item_id: str, digest: str, build, batch: Batch | None = None) -> Outcome:
    """Insert build(receipt) once per id: a resend is a duplicate, a different body a conflict.
    batch: collect the row for one insert by the caller instead of storing it now."""
    if batch is not None:
        existing = batch.known.get(item_id)
        if existing is not None:
            return Outcome(DUPLICATE if existing.body_hash == digest else CONFLICT, existing)
        return Outcome(STORED, batch.add(model, item_id, build(new_receipt())))
    for _ in range(5):  # a receipt collision is rare; retry with a new code
        existing = db.session.get(model, item_id)
        if existing is not None:
            return Outcome(DUPLICATE if existing.body_hash == digest else CONFLICT, existing)
        row = model(**build(new_receipt()))
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            continue  # another request stored this id meanwhile, or the receipt was taken
        return Outcome(STORED, row)
    raise RuntimeError("could not store the item")


def record_attempt(*, item_id: str, user: User, quiz: Quiz, version: str, answers: dict,
                   answered_at: datetime, source: str, device: str | None = None,
                   pass_ratio: float = 0.7, batch: Batch | None = None) -> Outcome:
    """Grade on the server and store the attempt once; the caller commits."""
    result = grade(quiz, answers, pass_ratio)
    digest = body_hash(user.id, quiz.id, version, answers, answered_at.isoformat())

    def build(receipt: str) -> dict:
        return dict(
            id=item_id, user_id=user.id, quiz_id=quiz.id, content_version=version,
            answers=answers, score=result.score, max_score=result.max_score,
            passed=result.passed, answered_at=answered_at, receipt=receipt, source=source,
            device=device, body_hash=digest)

    outcome = _insert(QuizAttempt, item_id, digest, build, batch)
    return Outcome(outcome.status, outcome.row, result)


def record_completion(*, item_id: str, user: User, lesson_id: str, version: str,
                      completed_at: datetime, device: str | None = None,
                      batch: Batch | None = None) -> Outcome:
    digest = body_hash(user.id, lesson_id, version, completed_at.isoformat())

    def build(receipt: str) -> dict:
        return dict(
            id=item_id, user_id=user.id, lesson_id=lesson_id, content_version=version,
            completed_at=completed_at, receipt=receipt, device=device, body_hash=digest)

    return _insert(LessonCompletion, item_id, digest, build, batch)


def learner_progress(user_id: int, catalog: Catalog) -> dict:
    """Per module: lessons done, quizzes passed, and best/latest score of each quiz."""
    done = set(db.session.scalars(
        select(LessonCompletion.lesson_id).where(LessonCompletion.user_id == user_id)))
    attempts = db.session.execute(
        select(QuizAttempt.quiz_id, QuizAttempt.score, QuizAttempt.max_score, QuizAttempt.passed)
        .where(QuizAttempt.user_id == user_id)
        .order_by(QuizAttempt.received_at, QuizAttempt.answered_at)).all()
    quizzes: dict[str, dict] = {}
    for quiz_id, score, max_score, passed in attempts:
        entry = quizzes.setdefault(quiz_id, {"best": score, "max": max_score, "passed": False})
        entry["best"] = max(entry["best"], score)
        entry["latest"] = score
        entry["passed"] = entry["passed"] or passed
        entry["attempts"] = entry.get("attempts", 0) + 1
    modules = {}
    for module in catalog.modules:
        lessons = {lesson.id: {"done": lesson.id in done, "quiz": quizzes.get(lesson.id)}
                   for lesson in module.lessons}
        modules[module.slug] = {
            "lessons_done": sum(v["done"] for v in lessons.values()),
            "quizzes_passed": sum(bool(v["quiz"] and v["quiz"]["passed"]) for v in lessons.values()),
            "lessons_total": len(module.lessons),
            "lessons": lessons,
        }
    return modules
