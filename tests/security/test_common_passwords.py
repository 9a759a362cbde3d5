"""Common passwords are refused wherever a password is chosen; ordinary simple ones are not."""

from __future__ import annotations

import pytest

from learner.accounts import reset_codes
from learner.accounts.forms import ChangePasswordForm, SignupForm, not_common
from learner.accounts.passwords import is_common
from learner.programme.forms import ActivateForm
from learner.trainer.forms import ForgotPasswordForm

REFUSED = "Esta contraseña es muy conocida"


@pytest.mark.parametrize("password", ["password", "12345678", "Qwerty123", " iloveyou ",
                                      "contraseña", "Bolivia123", "teamo123"])
def test_common_passwords_are_recognised(password):
    assert is_common(password)


@pytest.mark.parametrize("password", ["secreto123", "mi gato come pan", "lluvia-de-julio",
                                      "rosa2026mamani"])
def test_a_simple_password_nobody_else_uses_is_fine(password):
    assert not is_common(password)


@pytest.mark.parametrize("form", [SignupForm, ForgotPasswordForm, ActivateForm, ChangePasswordForm])
def test_every_form_that_sets_a_password_uses_the_one_check(form):
    assert not_common in form.password.kwargs["validators"]


def test_sign_up_refuses_a_common_password_in_spanish(client):
    response = client.post("/signup", data={"name": "Rosa", "email": "rosa@example.bo",
                                            "password": "12345678", "consent": "y"})
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    assert client.get("/api/me").get_json()["user"] is None


def test_a_reset_code_cannot_set_a_common_password(client, people):
    code, _row = reset_codes.issue_code(people.rosa, people.trainer_a, "test-secret")
    response = client.post("/forgot", data={"email": people.rosa.email, "code": code,
                                            "password": "password1", "confirm": "password1"})
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    response = client.post("/forgot", data={"email": people.rosa.email, "code": code,
                                            "password": "lluvia-de-julio",
                                            "confirm": "lluvia-de-julio"})
    assert response.status_code == 302


def test_activation_refuses_a_common_password(app):
    with app.test_request_context(method="POST", data={"code": "ABCDE-23456",
                                                       "password": "princesa", "confirm": "princesa"}):
        form = ActivateForm()
        assert not form.validate()
        assert any(REFUSED in str(error) for error in form.password.errors)
