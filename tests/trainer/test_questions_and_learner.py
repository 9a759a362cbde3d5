"""Hard questions (first attempts only), the learner page, and receipt look-up."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from learner.trainer import reports
from learner.extensions import db
from learner.models import Enrolment
from learner.common.timeutil import utcnow
from tests.conftest import login
from tests.trainer.conftest import QUIZ, add_attempt, add_completion, perfect_answers, quick_user


def test_hard_questions_count_first_attempts_only_worst_first(app, world, catalog):
    lucia = quick_user("Lucía Ticona")
    db.session.add(Enrolment(user=lucia, cohort=world.cohort_a))
    db.session.commit()
    earlier = utcnow() - timedelta(days=1)
    # First attempts: Rosa gets q1 wrong (b) and q3 wrong ([a]); Lucía gets q1 wrong (b), q3 right.
    add_attempt(app, world.rosa, {"q1": "b", "q2": "false", "q3": ["a"]}, received_at=earlier)
    add_attempt(app, lucia, {"q1": "b", "q2": "false", "q3": ["c", "a"]}, received_at=earlier)
    # Later attempts, all right, must not count; nor Eva's, in another cohort.
    add_attempt(app, world.rosa, perfect_answers(app))
    add_attempt(app, world.eva, perfect_answers(app), received_at=earlier - timedelta(days=1))
    [quiz] = reports.hard_questions(world.cohort_a.id, catalog)
    assert quiz.lesson.id == QUIZ and quiz.first_attempts == 2
    stats = {s.question.id: s for s in quiz.questions}
    assert (stats["q1"].right, stats["q1"].total) == (0, 2)
    assert stats["q1"].top_wrong == frozenset({"b"}) and stats["q1"].top_wrong_count == 2
    assert stats["q2"].share_right == 1.0 and stats["q2"].top_wrong is None
    assert stats["q3"].right == 1 and stats["q3"].top_wrong == frozenset({"a"})
    assert stats["q4"].unanswered == 2
    shares = [s.share_right for s in quiz.questions]
    assert shares == sorted(shares) and quiz.questions[0].share_right == 0


def test_hard_questions_page_names_the_wrong_answer(app, client, world):
    add_attempt(app, world.rosa, {"q1": "a"})
    login(client, world.trainer_a)
    body = client.get(f"/trainer/cohorts/{world.cohort_a.id}/questions").get_data(as_text=True)
    assert "Tu celular, parte por parte" in body and "Acertó el 0 %" in body
    assert body.index("Para repasar primero") < body.index("Acertó el 0 %")
    assert "«Compro otro celular, uno que tenga más espacio.» (1)" in body


def test_learner_page_lists_attempts_in_order_of_arrival_with_clock_flags(app, client, world):
    now = utcnow()
    add_attempt(app, world.rosa, {"q1": "a"}, receipt="AAA-111",
                received_at=now - timedelta(hours=2), answered_at=datetime(2019, 5, 1))
    add_attempt(app, world.rosa, perfect_answers(app), receipt="BBB-222",
                received_at=now - timedelta(hours=3), answered_at=now + timedelta(days=2))
    add_attempt(app, world.rosa, {"q1": "c"}, receipt="CCC-333", received_at=now)
    add_completion(world.rosa, QUIZ, receipt="DDD-444")
    login(client, world.trainer_a)
    body = client.get(f"/trainer/learners/{world.rosa.id}").get_data(as_text=True)
    assert body.index("BBB-222") < body.index("AAA-111") < body.index("CCC-333")
    assert body.count("Reloj del celular dudoso") == 2
    assert "DDD-444" in body
    assert "Compro otro celular, uno que tenga más espacio." in body  # her wrong answer, shown against the key
    assert "Borro videos que no uso" in body


@pytest.mark.parametrize("typed", ["K7P-2QM", "k7p2qm", " K7P 2QM "])
def test_a_receipt_read_aloud_is_found_however_it_is_typed(app, client, world, typed):
    add_attempt(app, world.rosa, {"q1": "c"}, receipt="K7P-2QM")
    login(client, world.trainer_a)
    response = client.get("/trainer/receipts", query_string={"code": typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rosa Mamani" in body and "Tu celular, parte por parte" in body


def test_a_lesson_receipt_is_found_too(app, client, world):
    add_completion(world.rosa, QUIZ, receipt="M4N-P5Q")
    login(client, world.coordinator)
    body = client.get("/trainer/receipts?code=M4N-P5Q").get_data(as_text=True)
    assert "Terminó la lección «Tu celular, parte por parte»" in body


def test_receipts_of_other_centres_and_bad_codes_are_not_found(app, client, world):
    add_attempt(app, world.eva, {"q1": "c"}, receipt="EVA-777")
    login(client, world.trainer_a)
    response = client.get("/trainer/receipts?code=EVA-777")
    assert response.status_code == 404 and "Eva" not in response.get_data(as_text=True)
    response = client.get("/trainer/receipts?code=no")
    assert response.status_code == 400
    assert "6 letras o números" in response.get_data(as_text=True)
