"""Changing a known password while signed in: her other sessions and sync tokens end, this
browser stays signed in; the old password is asked again; common passwords are refused."""

from __future__ import annotations

import logging

import pytest

from learner.accounts import users as accounts
from learner.extensions import db
from learner.models import User
from tests.security.conftest import PASSWORD
from tests.security.test_sessions import signed_in

NEW = "lluvia-de-julio"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/account/password", data={"current": current, "password": new,
                                                   "confirm": confirm or new})


def test_a_change_ends_her_other_sessions_and_keeps_this_one(app, people):
    phone, laptop = signed_in(app, people.rosa), signed_in(app, people.rosa)
    old_token = accounts.issue_sync_token(people.rosa, "test-secret")
    response = change(phone)
    assert response.status_code == 302 and response.location.endswith("/account")
    assert phone.get("/progress").status_code == 200
    assert laptop.get("/progress").status_code == 302
    with pytest.raises(accounts.TokenProblem, match="token_revoked"):
        accounts.user_for_token(old_token, "test-secret")
    assert accounts.authenticate(people.rosa.email, NEW) is not None


def test_the_old_password_is_needed_and_a_wrong_one_is_logged(client, people, caplog):
    client.post("/login", data={"email": people.rosa.email, "password": PASSWORD})
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = change(client, current="no-es-la-mia")
    assert response.status_code == 400 and "La contraseña no es correcta." in response.get_data(as_text=True)
    assert f"reason=wrong_password account={people.rosa.id}" in caplog.text
    assert "no-es-la-mia" not in caplog.text
    assert accounts.authenticate(people.rosa.email, PASSWORD) is not None


def test_a_common_new_password_is_refused(client, people):
    client.post("/login", data={"email": people.rosa.email, "password": PASSWORD})
    response = change(client, new="password123")
    assert response.status_code == 400 and "muy conocida" in response.get_data(as_text=True)
    assert db.session.get(User, people.rosa.id).token_generation == 0


@pytest.mark.config(RATELIMIT_ENABLED=True)
@pytest.mark.parametrize("path", ["/account/password", "/account/delete"])
def test_limited_account_forms_send_a_visitor_to_sign_in(client, path):
    response = client.post(path, data={})
    assert response.status_code == 302 and "/login" in response.location
