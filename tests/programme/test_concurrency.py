"""Two coordinators awarding at once never exceed the places: each thread has its own app
context and session, as two gunicorn workers would, against the same database."""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learner import create_app
from learner.programme import awards as scholarship_awards
from learner.programme import applications as scholarships
from learner.programme import calls
from learner.accounts.users import create_user
from learner.extensions import db
from learner.models import Application, Role

from ..conftest import database_uri, reset_schema
from .conftest import SECRET, application_data
from tests.conftest import REGIONS, programme_today

PLACES = 2


@pytest.fixture(params=["sqlite", "postgresql"])
def race_app(request, tmp_path):
    if request.param == "postgresql" and not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL is not set: the concurrent-award test needs a PostgreSQL "
                    "server (CI sets it)")
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database_uri(request.param, tmp_path)})
    with app.app_context():
        reset_schema()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def scene(race_app):
    """One centre with PLACES places, six applications, two coordinators."""
    from learner.demo import ensure_centre, ensure_regions
    centre = ensure_centre(ensure_regions(REGIONS)["Oruro"], "Centro Oruro")
    today = programme_today()
    call = calls.save_call(None, "Carrera", today, today + timedelta(days=9),
                                  {centre.id: (PLACES, "")})
    ids = [scholarships.apply(call, application_data(centre, n), scholarships.rules(), today).application.id
           for n in range(1, 7)]
    staff = [create_user(f"Coordinadora {n}", f"coord{n}@example.bo", "secreto123",
                         role=Role.COORDINATOR).id for n in (1, 2)]
    return call.id, centre.id, ids, staff


@pytest.fixture
def slow_count(monkeypatch):
    """Wait between counting the free places and writing: without the lock both would see them free."""
    count = scholarship_awards.places_left

    def slow(place):
        left = count(place)
        time.sleep(0.3)
        return left

    monkeypatch.setattr(scholarship_awards, "places_left", slow)


def run_together(app, jobs) -> list[str]:
    """Run each job(staff) in its own thread, app context and session, all starting at once."""
    barrier, outcomes, errors = threading.Barrier(len(jobs)), [], []

    def worker(staff_id, job):
        with app.app_context():
            try:
                staff = db.session.get(scholarship_awards.User, staff_id)
                barrier.wait()
                outcomes.extend(job(staff))
            except Exception as exc:  # noqa: BLE001 - reported to the test below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return outcomes


def awarded(call_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Application.id)).where(
        Application.call_id == call_id, Application.status == "awarded"))


def one_by_one(ids):
    def job(staff):
        results = []
        for application_id in ids:
            try:
                scholarship_awards.award_one(application_id, staff, SECRET)
                results.append("awarded")
            except scholarship_awards.AwardRefused as refused:
                results.append(refused.reason)
        return results
    return job


def test_two_coordinators_awarding_one_by_one_at_once(race_app, scene, slow_count):
    call_id, _centre_id, ids, (first, second) = scene
    outcomes = run_together(race_app, [(first, one_by_one(ids[:3])), (second, one_by_one(ids[3:]))])
    assert outcomes.count("awarded") == PLACES == awarded(call_id)
    assert sorted(set(outcomes)) == ["awarded", "full"]


def test_two_coordinators_awarding_the_top_n_at_once(race_app, scene, slow_count):
    call_id, centre_id, _ids, (first, second) = scene

    def top(staff):
        try:
            return ["awarded"] * len(scholarship_awards.award_top(call_id, centre_id, 2, staff, SECRET))
        except scholarship_awards.AwardRefused as refused:
            return [refused.reason]

    outcomes = run_together(race_app, [(first, top), (second, top)])
    assert outcomes.count("awarded") == PLACES == awarded(call_id)
    assert outcomes.count("full") == 1
