"""Certificate fixtures: a helper that completes a module, and a minimal live server for the
browser test (kept here, apart from tests/browser/, so the two sets of fixtures never collide).
Signing keys under tmp_path and the Chromium settings come from tests/conftest.py."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime

import pytest
from werkzeug.serving import make_server

from learner import create_app
from learner.extensions import db
from learner.models import Centre, Cohort, Enrolment, Region, Role
from learner.learning.progress import record_attempt, record_completion


def right_answers(quiz) -> dict:
    answers = {}
    for q in quiz.questions:
        ids = sorted(q.answer)
        answers[q.id] = ids if q.type == "multiple" else ids[0]
    return answers


def wrong_answers(quiz) -> dict:
    return {q.id: next(c.id for c in q.choices if c.id not in q.answer) for q in quiz.questions}


def do_lesson(user, lesson, *, done=True, passed=True, version="test"):
    """Her work on one lesson, stored as the form or a sync would store it."""
    when = datetime(2026, 5, 14, 15, 0)
    if done:
        record_completion(item_id=str(uuid.uuid4()), user=user, lesson_id=lesson.id,
                          version=version, completed_at=when)
    answers = right_answers(lesson.quiz) if passed else wrong_answers(lesson.quiz)
    record_attempt(item_id=str(uuid.uuid4()), user=user, quiz=lesson.quiz, version=version,
                   answers=answers, answered_at=when, source="form")


def complete(user, module, *, skip_last=False):
    """Every lesson done and every quiz passed (all but the last lesson if skip_last)."""
    lessons = module.lessons[:-1] if skip_last else module.lessons
    for lesson in lessons:
        do_lesson(user, lesson)
    db.session.commit()


@pytest.fixture
def place(app, make_user):
    """Two centres in two regions, each with a trainer and a cohort."""
    alto, cocha = Region(name="El Alto"), Region(name="Cochabamba")
    north = Centre(name="Centro El Alto Norte", region=alto)
    south = Centre(name="Centro Cochabamba Sur", region=cocha)
    trainers = [make_user(Role.TRAINER, name="Facilitadora Norte"),
                make_user(Role.TRAINER, name="Facilitadora Sur")]
    cohorts = [Cohort(name="Grupo 1", centre=north, trainer=trainers[0]),
               Cohort(name="Grupo 2", centre=south, trainer=trainers[1])]
    db.session.add_all([alto, cocha, north, south, *cohorts])
    db.session.commit()

    def enrol(user, index=0):
        db.session.add(Enrolment(user=user, cohort=cohorts[index]))
        db.session.commit()

    return {"centres": [north, south], "regions": [alto, cocha], "trainers": trainers,
            "enrol": enrol}


# ---- the browser test's own live server -------------------------------------------------

@pytest.fixture(scope="session")
def cert_server(tmp_path_factory):
    """The app on 127.0.0.1:<free port>, served from a thread of the test process."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = tmp_path_factory.mktemp("certs")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite3'}",
                      "SECRET_KEY": "certificate-browser-tests", "RATELIMIT_ENABLED": False,
                      "CERT_SIGNING_KEY_PATH": str(folder / "signing.pem"),
                      "CERT_RETIRED_KEYS_DIR": str(folder / "retired")})
    with app.app_context():
        db.create_all()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{httpd.server_port}"
    yield app
    httpd.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(cert_server):
    """pytest-playwright gives this to every new context (and the plugin's own is deprecated)."""
    return cert_server.config["LIVE_URL"]
