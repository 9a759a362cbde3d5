"""Trainer reports at programme scale: server time of the cohort page, the hard-questions page
and the CSV export, for a cohort of 200 learners in a programme of 10,000 learners and
500,000 quiz attempts (plus 10 lesson completions per learner).

    .venv/bin/python bench/trainer_reports.py --db sqlite|postgresql [--learners 10000]
        [--attempts 500000] [--repeat 5]

Rows are bulk-loaded (executemany on SQLite, COPY on PostgreSQL), then each view is requested
through the Flask test client as the cohort's trainer: no network, so the time is the
server's (routing, queries, template, CSV). The first request warms caches and is not counted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import timedelta

from common import banner, database, percentile

COHORT_SIZE = 200
COMPLETIONS_PER_LEARNER = 10
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD = "bench-password"


def receipt(n: int) -> str:
    """The n-th receipt: unique, in the real format."""
    chars = []
    for _ in range(6):
        n, digit = divmod(n, len(RECEIPT_ALPHABET))
        chars.append(RECEIPT_ALPHABET[digit])
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def stamp(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's text format on SQLite


def answer_like(question, rnd: random.Random, skill: float):
    """Right with probability `skill`, else a plausible wrong choice."""
    if rnd.random() < skill:
        chosen = sorted(question.answer)
    else:
        wrong = [c.id for c in question.choices if c.id not in question.answer] or ["x"]
        chosen = [rnd.choice(wrong)]
    return chosen if question.type == "multiple" else chosen[0]


def build_programme(app, learners: int) -> tuple[int, int]:
    """Regions, centres, one cohort of 200 per trainer; returns (first learner id, a cohort id)."""
    from werkzeug.security import generate_password_hash

    from learner.extensions import db
    from learner.models import Centre, Cohort, Region, Role, User
    from learner.common.timeutil import utcnow
    cohorts = -(-learners // COHORT_SIZE)
    hashed = generate_password_hash(PASSWORD)
    regions = [Region(name=f"Región {n}") for n in range(9)]
    centres = [Centre(name=f"Centro {n}", region=regions[n % 9])
               for n in range(max(1, cohorts // 2))]
    trainers = [User(name=f"Facilitadora {n}", email=f"f{n}@bench.bo", role=Role.TRAINER.value,
                     password_hash=hashed) for n in range(cohorts)]
    db.session.add_all([*regions, *centres, *trainers])
    db.session.add_all([Cohort(name=f"Grupo {n}", centre=centres[n % len(centres)],
                               trainer=trainers[n]) for n in range(cohorts)])
    db.session.commit()
    first_id = db.session.scalar(db.select(db.func.max(User.id))) + 1
    cohort_ids = db.session.scalars(db.select(Cohort.id).order_by(Cohort.id)).all()
    now = stamp(utcnow())
    users = [(first_id + n, f"Participante {n}", f"p{n}@bench.bo", hashed, "learner", "es", 0, now)
             for n in range(learners)]
    enrolments = [(first_id + n, cohort_ids[n // COHORT_SIZE], "active", now)
                  for n in range(learners)]
    load(db, "user", ("id", "name", "email", "password_hash", "role", "locale",
                      "token_generation", "created_at"), users)
    load(db, "enrolment", ("user_id", "cohort_id", "status", "created_at"), enrolments)
    return first_id, cohort_ids[len(cohort_ids) // 2]


def attempt_rows(app, first_id: int, learners: int, attempts: int):
    """Each learner works through the quizzes in order, retrying until she passes."""
    from learner.learning.grading import grade
    from learner.common.timeutil import utcnow
    catalog = app.extensions["catalog"]
    quizzes = [lesson.quiz for module in catalog.modules for lesson in module.lessons]
    rnd, now, n = random.Random(2026), utcnow(), 0
    per_learner = attempts // learners
    for offset in range(learners):
        skill, step, received = rnd.uniform(0.45, 0.95), 0, now - timedelta(days=60)
        for _ in range(per_learner):
            quiz = quizzes[step % len(quizzes)]
            answers = {q.id: answer_like(q, rnd, skill) for q in quiz.questions}
            result = grade(quiz, answers, app.config["PASS_RATIO"])
            step += result.passed
            received += timedelta(minutes=rnd.randint(5, 2500))
            answered = received - timedelta(minutes=rnd.randint(0, 600))
            yield (str(_uuid(rnd)), first_id + offset, quiz.id, "v1", json.dumps(answers),
                   result.score, result.max_score, result.passed, stamp(answered),
                   stamp(min(received, now)), receipt(n), "sync", "bench")
            n += 1


def completion_rows(app, first_id: int, learners: int):
    from learner.common.timeutil import utcnow
    catalog = app.extensions["catalog"]
    lessons = [lesson.id for module in catalog.modules for lesson in module.lessons]
    rnd, now = random.Random(7), utcnow()
    for offset in range(learners):
        for k, lesson in enumerate(lessons[:COMPLETIONS_PER_LEARNER]):
            when = stamp(now - timedelta(days=rnd.randint(0, 40), minutes=k))
            yield (str(_uuid(rnd)), first_id + offset, lesson, "v1", when, when,
                   receipt(10**8 + offset * 100 + k), "bench")  # apart from the attempts' range


def _uuid(rnd: random.Random):
    import uuid
    return uuid.UUID(int=rnd.getrandbits(128), version=4)


def load(db, table: str, columns: tuple[str, ...], rows, chunk: int = 50_000) -> None:
    """COPY on PostgreSQL, executemany in chunks on SQLite: far faster than the ORM."""
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        names = ", ".join(columns)
        quoted = f'"{table}"'
        if db.engine.dialect.name == "postgresql":
            with driver.cursor() as cursor:
                with cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            sql = f"INSERT INTO {quoted} ({names}) VALUES ({', '.join('?' * len(columns))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= chunk:
                    driver.executemany(sql, batch)
                    batch.clear()
            driver.executemany(sql, batch)
        driver.commit()
    finally:
        raw.close()


ATTEMPT_COLUMNS = ("id", "user_id", "quiz_id", "content_version", "answers", "score", "max_score",
                   "passed", "answered_at", "received_at", "receipt", "source", "body_hash")
COMPLETION_COLUMNS = ("id", "user_id", "lesson_id", "content_version", "completed_at",
                      "received_at", "receipt", "body_hash")


def populate(app, learners: int, attempts: int) -> int:
    from sqlalchemy import text

    from learner.extensions import db
    started = time.perf_counter()
    db.create_all()
    first_id, cohort_id = build_programme(app, learners)
    load(db, "quiz_attempt", ATTEMPT_COLUMNS, attempt_rows(app, first_id, learners, attempts))
    load(db, "lesson_completion", COMPLETION_COLUMNS, completion_rows(app, first_id, learners))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval('user_id_seq', (SELECT max(id) FROM \"user\"))"))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    counts = {t: db.session.scalar(text(f'SELECT count(*) FROM "{t}"'))
              for t in ("user", "quiz_attempt", "lesson_completion")}
    print(f"# loaded {counts} in {time.perf_counter() - started:.1f} s")
    return cohort_id


def time_views(app, cohort_id: int, repeat: int) -> None:
    from flask import g

    from learner.extensions import db
    from learner.models import Cohort
    cohort = db.session.get(Cohort, cohort_id)
    client = app.test_client()
    response = client.post("/login", data={"email": cohort.trainer.email, "password": PASSWORD})
    assert response.status_code == 302, "the trainer could not sign in"
    views = {"cohort page": f"/trainer/cohorts/{cohort_id}",
             "hard questions": f"/trainer/cohorts/{cohort_id}/questions",
             "CSV export": f"/trainer/cohorts/{cohort_id}/results.csv"}
    print(f"{'view':16} {'median ms':>10} {'p90 ms':>8} {'min ms':>8} {'max ms':>8} {'bytes':>9}")
    for label, url in views.items():
        times, size = [], 0
        for n in range(repeat + 1):
            db.session.expunge_all()
            for name in list(vars(g)):  # the app context is reused: start as a new request would
                delattr(g, name)
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.get_data())
            if n:
                times.append(elapsed)
        print(f"{label:16} {statistics.median(times):10.0f} {percentile(times, 90):8.0f} "
              f"{min(times):8.0f} {max(times):8.0f} {size:9d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    banner(f"trainer reports on {args.db}: {args.learners} learners, {args.attempts} attempts")
    from learner import create_app
    from learner.config import normalise_db_url
    with database(args.db, "trainer") as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_db_url(url), "TESTING": True,
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False})
        with app.app_context():
            cohort_id = populate(app, args.learners, args.attempts)
            time_views(app, cohort_id, args.repeat)
            from learner.extensions import db
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
