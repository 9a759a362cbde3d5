"""The cohort page costs a constant number of queries, whatever the size of the cohort."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import event, insert, select

from learner.extensions import db
from learner.models import Cohort, Enrolment, LessonCompletion, QuizAttempt, User
from learner.common.timeutil import utcnow
from tests.conftest import login
from tests.trainer.conftest import FAST_HASH


def fill_cohort(app, cohort: Cohort, learners: int, attempts: int, prefix: str) -> None:
    """Bulk inserts (executemany), not the ORM one by one: thousands of rows in a second."""
    catalog = app.extensions["catalog"]
    quizzes = [lesson.id for module in catalog.modules for lesson in module.lessons]
    db.session.execute(insert(User), [
        {"name": f"{prefix} {n:03d}", "email": f"{prefix}{n}@example.bo", "role": "learner",
         "password_hash": FAST_HASH, "locale": "es", "token_generation": 0}
        for n in range(learners)])
    ids = db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%"))).all()
    db.session.execute(insert(Enrolment), [
        {"user_id": i, "cohort_id": cohort.id, "status": "active"} for i in ids])
    now, rnd = utcnow(), random.Random(5)
    db.session.execute(insert(QuizAttempt), [
        {"id": str(uuid.uuid4()), "user_id": i, "quiz_id": rnd.choice(quizzes),
         "content_version": "v", "answers": {"q1": rnd.choice("abc"), "q2": "true"},
         "score": (score := rnd.randint(0, 5)), "max_score": 5, "passed": score >= 4,
         "answered_at": now - timedelta(hours=k), "received_at": now - timedelta(hours=k),
         "receipt": f"{prefix[0]}{n:06d}", "source": "sync", "body_hash": "x"}
        for n, (i, k) in enumerate((i, k) for i in ids for k in range(attempts))])
    db.session.execute(insert(LessonCompletion), [
        {"id": str(uuid.uuid4()), "user_id": i, "lesson_id": lesson,
         "content_version": "v", "completed_at": now, "received_at": now,
         "receipt": f"L{prefix[0]}{n:05d}", "body_hash": "x"}
        for n, (i, lesson) in enumerate((i, lesson) for i in ids for lesson in quizzes[:5])])
    db.session.commit()


def count_queries(client, url: str) -> tuple[int, int]:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    db.session.expunge_all()  # start cold, as a new request in production does
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements), response


def test_cohort_page_for_200_learners_with_50_attempts_each_takes_few_queries(app, client, world):
    big = Cohort(name="Grupo grande", centre=world.centre_a, trainer=world.trainer_a)
    db.session.add(big)
    db.session.commit()
    fill_cohort(app, big, learners=200, attempts=50, prefix="big")
    fill_cohort(app, world.cohort_a2, learners=3, attempts=2, prefix="small")
    assert db.session.scalar(select(db.func.count(QuizAttempt.id))) == 200 * 50 + 3 * 2
    login(client, world.trainer_a)
    big_id, small_id = big.id, world.cohort_a2.id
    small_count, _ = count_queries(client, f"/trainer/cohorts/{small_id}")
    big_count, response = count_queries(client, f"/trainer/cohorts/{big_id}")
    body = response.get_data(as_text=True)
    assert body.count('<tr class="flagged">') + body.count("<tr>") == 200 + 1  # + the header
    assert big_count == small_count  # the same queries, whatever the number of learners
    assert big_count < 20
    questions, _ = count_queries(client, f"/trainer/cohorts/{big_id}/questions")
    export, _ = count_queries(client, f"/trainer/cohorts/{big_id}/results.csv")
    assert questions < 20 and export < 20
