"""A small programme for trainer tests: two centres, their trainers, a coordinator, learners."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from werkzeug.security import generate_password_hash

from learner.extensions import db
from learner.learning.grading import grade
from learner.models import (Centre, Cohort, Enrolment, LessonCompletion, QuizAttempt, Region,
                            Role, User)
from learner.common.timeutil import utcnow

QUIZ = "conectate/tu-celular"  # q1 single (c), q2 truefalse (false), q3 multiple (a, c)...


# They joined their groups long before any result a test adds: trainers see results that
# arrived while a learner was in one of their groups (learner/trainer_lookups.seen_in_scope).
JOINED = utcnow() - timedelta(days=400)


@dataclass
class World:
    centre_a: Centre
    centre_b: Centre
    cohort_a: Cohort
    cohort_a2: Cohort
    cohort_b: Cohort
    trainer_a: User
    trainer_b: User
    coordinator: User
    rosa: User  # learner in cohort A
    eva: User  # learner in cohort B


# A cheap hash: the real scheme costs a third of a second, and a world has five accounts.
FAST_HASH = generate_password_hash("secreto123", method="pbkdf2:sha256:1000")


def quick_user(name: str, role: Role = Role.LEARNER) -> User:
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    email = "".join(c for c in plain if c.isalpha()) + "@example.bo"
    user = User(name=name, email=email, role=role.value, password_hash=FAST_HASH)
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture
def world(app) -> World:
    alto, cocha = Region(name="El Alto"), Region(name="Cochabamba")
    centre_a = Centre(name="Centro El Alto Norte", region=alto)
    centre_b = Centre(name="Centro Cochabamba Sur", region=cocha)
    db.session.add_all([alto, cocha, centre_a, centre_b])
    trainer_a = quick_user("Carmen Quispe", Role.TRAINER)
    trainer_b = quick_user("Julia Rojas", Role.TRAINER)
    coordinator = quick_user("Ana Flores", Role.COORDINATOR)
    rosa, eva = quick_user("Rosa Mamani"), quick_user("Eva Choque")
    cohort_a = Cohort(name="Grupo mañanas", centre=centre_a, trainer=trainer_a)
    cohort_a2 = Cohort(name="Grupo tardes", centre=centre_a, trainer=trainer_a)
    cohort_b = Cohort(name="Grupo Sur", centre=centre_b, trainer=trainer_b)
    db.session.add_all([cohort_a, cohort_a2, cohort_b,
                        Enrolment(user=rosa, cohort=cohort_a, created_at=JOINED),
                        Enrolment(user=eva, cohort=cohort_b, created_at=JOINED)])
    db.session.commit()
    return World(centre_a, centre_b, cohort_a, cohort_a2, cohort_b, trainer_a, trainer_b,
                 coordinator, rosa, eva)


def add_attempt(app, user: User, answers: dict, *, quiz_id: str = QUIZ,
                received_at: datetime | None = None, answered_at: datetime | None = None,
                receipt: str | None = None) -> QuizAttempt:
    """Store an attempt graded like the real thing, with times and receipt under our control."""
    quiz = app.extensions["catalog"].quiz(quiz_id)
    result = grade(quiz, answers, app.config["PASS_RATIO"])
    received_at = received_at or utcnow()
    row = QuizAttempt(id=str(uuid.uuid4()), user_id=user.id, quiz_id=quiz_id,
                      content_version="v1", answers=answers, score=result.score,
                      max_score=result.max_score, passed=result.passed,
                      answered_at=answered_at or received_at - timedelta(minutes=5),
                      received_at=received_at, receipt=receipt or uuid.uuid4().hex[:7].upper(),
                      source="sync", body_hash="x")
    db.session.add(row)
    db.session.commit()
    return row


def add_completion(user: User, lesson_id: str, *, received_at: datetime | None = None,
                   receipt: str | None = None) -> LessonCompletion:
    received_at = received_at or utcnow()
    row = LessonCompletion(id=str(uuid.uuid4()), user_id=user.id, lesson_id=lesson_id,
                           content_version="v1", completed_at=received_at, received_at=received_at,
                           receipt=receipt or uuid.uuid4().hex[:7].upper(), body_hash="x")
    db.session.add(row)
    db.session.commit()
    return row


def perfect_answers(app, quiz_id: str = QUIZ) -> dict:
    quiz = app.extensions["catalog"].quiz(quiz_id)
    return {q.id: sorted(q.answer) if q.type == "multiple" else next(iter(q.answer))
            for q in quiz.questions}
