"""Fixtures for the scholarship call: a call open today with places at two centres in two
regions, a valid application form, and factories for applications."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from learner.programme import calls
from learner.programme import applications as scholarships
from learner.demo import ensure_centre, ensure_regions
from learner.extensions import db
from learner.models import Cohort, Role
from tests.conftest import REGIONS, programme_today

SECRET = "test-secret"


@pytest.fixture
def centres(app):
    regions = ensure_regions(REGIONS)
    alto = ensure_centre(regions["El Alto"], "Centro El Alto Norte")
    cocha = ensure_centre(regions["Cochabamba"], "Centro Cochabamba Sur")
    db.session.commit()
    return alto, cocha


@pytest.fixture
def call(centres):
    alto, cocha = centres
    today = programme_today()
    return calls.save_call(None, "Convocatoria 2026", today - timedelta(days=1),
                                  today + timedelta(days=30),
                                  {alto.id: (2, "Martes de 9:00 a 12:00, sala 2"), cocha.id: (1, "")})


@pytest.fixture
def rules():
    return scholarships.rules()


def application_data(centre, n: int, **overrides) -> scholarships.ApplicationData:
    values = dict(submission_id=str(uuid.uuid4()), centre_id=centre.id, name=f"Postulante {n}",
                  email=f"postulante{n}@example.bo", phone=f"5917{n:07d}", for_whom="self",
                  applicant_name=None, family_relation=None, hours_per_week=5,
                  connection="own_phone",
                  self_check={"search": "search_engine", "whatsapp": "internet", "prize": "ignore"})
    values.update(overrides)
    return scholarships.ApplicationData(**values)


@pytest.fixture
def make_application(call, rules):
    counter = iter(range(1, 10_000))

    def make(centre, **overrides):
        n = next(counter)
        outcome = scholarships.apply(call, application_data(centre, n, **overrides), rules,
                                     programme_today())
        assert outcome.status == "created", outcome
        return outcome.application

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, name="Coordinadora")


@pytest.fixture
def trainer_of(make_user):
    """A trainer with a cohort at the given centre: her reach (accounts/scope.py)."""

    def make(centre):
        trainer = make_user(Role.TRAINER, name="Facilitadora")
        db.session.add(Cohort(name="Grupo 1", centre_id=centre.id, trainer_id=trainer.id))
        db.session.commit()
        return trainer

    return make


def form_data(place, **overrides) -> dict:
    """A complete, valid application as the form posts it."""
    data = {
        "submission_id": str(uuid.uuid4()), "for_whom": "self", "applicant_name": "",
        "family_relation": "", "name": "Juana Condori", "region": str(place.region_id),
        "centre": str(place.id), "phone": "712 34 567", "has_email": "yes",
        "email": "juana@example.bo", "hours": "5", "connection": "own_phone",
        "search": "search_engine", "whatsapp": "internet", "prize": "ignore",
        "pledge": "y", "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
