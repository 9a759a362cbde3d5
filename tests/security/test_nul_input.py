"""A NUL character in a form field or a query value is refused with a Spanish 400 before any view
reads it: PostgreSQL cannot store it in text and would answer a 500."""

from __future__ import annotations

import pytest

from learner.extensions import db
from learner.models import Application, UserSession
from tests.programme.conftest import form_data
from tests.security.conftest import PASSWORD

MESSAGE = "Lo que escribiste tiene un carácter que no se puede guardar"


def test_a_nul_in_the_sign_in_email_is_refused(client, people):
    response = client.post("/login", data={"email": people.rosa.email + "\x00",
                                           "password": PASSWORD})
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.session.query(UserSession).count() == 0


def test_a_nul_in_an_application_form_stores_nothing(client, people):
    before = db.session.query(Application).count()
    response = client.post("/apply", data=form_data(people.centre_a, name="Juana\x00"))
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert db.session.query(Application).count() == before


@pytest.mark.parametrize("path", ["/apply/status?reference=K7PQ%002MXA", "/verificar?codigo=%00",
                                  "/apply?call=1&x=%00"])
def test_a_nul_in_a_query_value_is_refused(client, people, path):
    response = client.get(path)
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_query_value_under_api_gets_a_json_error(client, people):
    response = client.get("/api/certificates/status/RQSACERT2345ABCD?x=%00")
    assert response.status_code == 400 and "NUL" in response.get_json()["error"]


def test_text_without_nul_still_works(client, people):
    response = client.post("/login", data={"email": people.rosa.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/apply/status?reference=K7PQ-2MXA").status_code == 302


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_the_refusal_comes_before_the_sign_in_limit_reads_the_email(client, people):
    """The limit's breach handler looks the e-mail up: it must never see a NUL either."""
    for _ in range(12):
        response = client.post("/login", data={"email": "x\x00@example.bo", "password": "adivina"})
        assert response.status_code == 400
