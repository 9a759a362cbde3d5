"""The cohort page: progress per module, last sync, flags at the top, sorting, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from learner.trainer import reports
from learner.extensions import db
from learner.models import Enrolment
from learner.common.timeutil import utcnow
from tests.conftest import login
from tests.trainer.conftest import QUIZ, add_attempt, add_completion, perfect_answers, quick_user

WIFI = "conectate/datos-y-wifi"


@pytest.fixture
def cohort_a(app, world):
    """Rosa: stuck on QUIZ, passed WIFI. Lucía: quiet 10 days. Nina: never synced."""
    now = utcnow()
    for _ in range(3):
        add_attempt(app, world.rosa, {"q1": "c"}, received_at=now - timedelta(days=2))
    add_attempt(app, world.rosa, perfect_answers(app, WIFI), quiz_id=WIFI,
                received_at=now - timedelta(days=1))
    add_completion(world.rosa, QUIZ, received_at=now - timedelta(days=3))
    add_completion(world.rosa, QUIZ, received_at=now - timedelta(days=3))  # same lesson again
    add_completion(world.rosa, WIFI, received_at=now - timedelta(days=9))
    lucia, nina, gone = quick_user("Lucía Ticona"), quick_user("Nina Apaza"), quick_user("Sara Ida")
    add_attempt(app, lucia, perfect_answers(app), received_at=now - timedelta(days=10))
    db.session.add_all([Enrolment(user=lucia, cohort=world.cohort_a),
                        Enrolment(user=nina, cohort=world.cohort_a),
                        Enrolment(user=gone, cohort=world.cohort_a, status="withdrawn")])
    add_attempt(app, world.eva, {"q1": "a"})  # another cohort: must not show up
    db.session.commit()
    return {"lucia": lucia, "nina": nina, "gone": gone}


def test_overview_sums_progress_per_module_and_flags(app, world, cohort_a, catalog):
    rows = {r.name: r for r in reports.cohort_overview(world.cohort_a.id, catalog, utcnow())}
    assert set(rows) == {"Rosa Mamani", "Lucía Ticona", "Nina Apaza"}
    rosa = rows["Rosa Mamani"]
    conectate = rosa.modules["conectate"]
    assert (conectate.lessons_done, conectate.quizzes_passed) == (2, 1)
    quiz_max = len(catalog.quiz(QUIZ).questions) + len(catalog.quiz(WIFI).questions)
    assert (conectate.best, conectate.best_max) == (1 + len(catalog.quiz(WIFI).questions), quiz_max)
    assert rosa.modules["ciberseguridad"].best_percent is None
    assert rosa.recent == 6 and not rosa.quiet  # the completion 9 days ago is not recent
    assert rosa.stuck == [QUIZ] and rosa.flagged
    lucia, nina = rows["Lucía Ticona"], rows["Nina Apaza"]
    assert lucia.quiet and lucia.recent == 0 and lucia.modules["conectate"].quizzes_passed == 1
    assert not lucia.stuck and lucia.last_sync < utcnow() - timedelta(days=9)
    assert nina.quiet and nina.last_sync is None


def test_two_failures_or_a_later_pass_is_not_stuck(app, world, cohort_a, catalog):
    add_attempt(app, world.rosa, perfect_answers(app))
    rows = {r.name: r for r in reports.cohort_overview(world.cohort_a.id, catalog, utcnow())}
    assert rows["Rosa Mamani"].stuck == []


def test_the_page_puts_learners_who_need_help_first(client, world, cohort_a):
    login(client, world.trainer_a)
    body = client.get(f"/trainer/cohorts/{world.cohort_a.id}").get_data(as_text=True)
    attention, table = body.split("Avance de cada participante")
    assert "Atascada en «Tu celular, parte por parte»" in attention
    assert "Nunca envió resultados" in attention and "Lucía Ticona" in attention
    assert "Sin envíos desde el" in attention
    assert "Eva" not in body and "Sara Ida" not in body


@pytest.mark.parametrize("sort, order, expected", [
    ("name", "", ["Lucía Ticona", "Nina Apaza", "Rosa Mamani"]),
    ("name", "desc", ["Rosa Mamani", "Nina Apaza", "Lucía Ticona"]),
    ("last_sync", "", ["Nina Apaza", "Lucía Ticona", "Rosa Mamani"]),
    ("recent", "desc", ["Rosa Mamani", "Lucía Ticona", "Nina Apaza"]),
    ("conectate", "desc", ["Rosa Mamani", "Lucía Ticona", "Nina Apaza"]),
    ("anything-else", "", ["Lucía Ticona", "Nina Apaza", "Rosa Mamani"]),
])
def test_the_table_sorts(client, world, cohort_a, sort, order, expected):
    login(client, world.trainer_a)
    response = client.get(f"/trainer/cohorts/{world.cohort_a.id}?sort={sort}&order={order}")
    table = response.get_data(as_text=True).split("Avance de cada participante")[1]
    assert sorted(expected, key=table.index) == expected


def test_csv_export_opens_in_a_spanish_spreadsheet(app, client, world):
    world.rosa.name = "Ñusta Ñáñez"
    tricky = quick_user("=HYPERLINK(1)")
    db.session.add(Enrolment(user=tricky, cohort=world.cohort_a))
    db.session.commit()
    add_attempt(app, world.rosa, perfect_answers(app), receipt="ABC-DEF",
                answered_at=utcnow() + timedelta(days=3))
    add_attempt(app, tricky, {"q1": "a"})
    add_completion(world.rosa, QUIZ, receipt="GHJ-KMN")
    login(client, world.trainer_a)
    response = client.get(f"/trainer/cohorts/{world.cohort_a.id}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Participante" and len({len(r) for r in rows}) == 1
    rosa = [r for r in rows if r[0] == "Ñusta Ñáñez"]
    assert {r[2] for r in rosa} == {"Cuestionario", "Lección terminada"}
    quiz = next(r for r in rosa if r[-1] == "ABC-DEF")
    assert quiz[3:8] == ["Conéctate", "Tu celular, parte por parte", quiz[5], quiz[5], "sí"]
    assert quiz[10] == "sí"  # the phone's clock was 3 days ahead
    assert any(r[0] == "'=HYPERLINK(1)" for r in rows)
