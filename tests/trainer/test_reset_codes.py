"""Forgotten password without e-mail: a trainer's one-time code, redeemed on /forgot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from learner.accounts import reset_codes
from learner.accounts.users import TokenProblem, authenticate, issue_sync_token, user_for_token
from learner.extensions import db
from learner.models import PasswordResetCode, Role
from learner.common.timeutil import utcnow
from tests.conftest import login

SECRET = "test-secret"


def give_code(client, world) -> str:
    login(client, world.trainer_a)
    response = client.post(f"/trainer/learners/{world.rosa.id}/reset-code")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    match = re.search(r'class="reset-code"[^>]*>(\d{3}) (\d{3})<', response.get_data(as_text=True))
    client.post("/logout")
    return match.group(1) + match.group(2)


def forgot(client, world, code: str, password: str = "nueva-clave-9"):
    return client.post("/forgot", data={"email": world.rosa.email.upper(), "code": code,
                                        "password": password, "confirm": password})


def test_a_code_lets_the_learner_choose_a_new_password_once(client, world):
    old_token = issue_sync_token(world.rosa, SECRET)
    code = give_code(client, world)
    response = forgot(client, world, f"{code[:3]} {code[3:]}")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert authenticate(world.rosa.email, "nueva-clave-9") is not None
    with pytest.raises(TokenProblem) as revoked:  # her old sync tokens stop working
        user_for_token(old_token, SECRET)
    assert revoked.value.reason == "token_revoked"
    again = forgot(client, world, code, "otra-clave-10")
    assert again.status_code == 400 and "Este código ya se usó" in again.get_data(as_text=True)


def test_the_code_is_stored_hashed_and_logged(client, world):
    code = give_code(client, world)
    row = db.session.scalar(select(PasswordResetCode))
    assert code not in row.code_hash
    assert row.created_by_id == world.trainer_a.id and row.used_at is None
    assert row.expires_at - row.created_at == timedelta(minutes=30)
    login(client, world.trainer_a)
    body = client.get(f"/trainer/learners/{world.rosa.id}").get_data(as_text=True)
    assert "Carmen Quispe" in body and "Vigente hasta" in body


def test_an_expired_code_says_so(client, world):
    code = give_code(client, world)
    row = db.session.scalar(select(PasswordResetCode))
    row.created_at -= timedelta(minutes=31)
    row.expires_at -= timedelta(minutes=31)
    db.session.commit()
    response = forgot(client, world, code)
    assert response.status_code == 400
    assert "Este código ya venció" in response.get_data(as_text=True)
    assert authenticate(world.rosa.email, "nueva-clave-9") is None


def test_a_new_code_replaces_the_old_one(client, world):
    first = give_code(client, world)
    second = give_code(client, world)
    if first == second:  # one chance in a million
        pytest.skip("the same code twice")
    assert "ya venció" in forgot(client, world, first).get_data(as_text=True)
    assert forgot(client, world, second).status_code == 302


def test_a_wrong_code_or_email_gets_one_message_and_five_wrong_guesses_lock_it(client, world):
    code = give_code(client, world)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    unknown = client.post("/forgot", data={"email": "nadie@example.bo", "code": code,
                                           "password": "nueva-clave-9", "confirm": "nueva-clave-9"})
    assert unknown.status_code == 400
    assert "El correo o el código no son correctos" in unknown.get_data(as_text=True)
    for _ in range(5):
        assert "no son correctos" in forgot(client, world, wrong).get_data(as_text=True)
    locked = forgot(client, world, code)
    assert locked.status_code == 400 and "se bloqueó" in locked.get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"code": "12345", "password": "nueva-clave-9", "confirm": "nueva-clave-9"}, "6 números"),
    ({"code": "123456", "password": "corta", "confirm": "corta"}, "8 letras o más"),
    ({"code": "123456", "password": "nueva-clave-9", "confirm": "otra-9999"}, "no son iguales"),
])
def test_the_form_explains_bad_input(client, world, data, message):
    response = client.post("/forgot", data={"email": world.rosa.email, **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_the_login_page_links_to_forgot(client):
    assert "/forgot" in client.get("/login").get_data(as_text=True)
    assert "¿Olvidaste tu contraseña?" in client.get("/forgot").get_data(as_text=True)


def test_codes_per_learner_are_rate_limited(client, world):
    login(client, world.trainer_a)
    url = f"/trainer/learners/{world.rosa.id}/reset-code"
    tries = reset_codes.MAX_PER_LEARNER_PER_HOUR + 1
    statuses = [client.post(url).status_code for _ in range(tries)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}


def test_no_code_for_staff_accounts(app, world):
    world.rosa.role = Role.TRAINER.value
    with pytest.raises(reset_codes.NotALearner):
        reset_codes.issue_code(world.rosa, world.coordinator, SECRET)


def test_the_code_can_not_be_claimed_twice(app, world):
    code, _row = reset_codes.issue_code(world.rosa, world.trainer_a, SECRET)
    first = reset_codes.redeem(world.rosa.email, code, SECRET)
    second = reset_codes.redeem(world.rosa.email, code, SECRET)
    assert first.status is reset_codes.Status.OK and second.status is reset_codes.Status.USED
    later = reset_codes.redeem(world.rosa.email, code, SECRET, now=utcnow() + timedelta(days=2))
    assert later.status is reset_codes.Status.WRONG  # too old to even compare


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_the_forgot_page_is_rate_limited_per_account(client, world):
    statuses = [forgot(client, world, "000000").status_code for _ in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429
    blocked = client.post("/forgot", data={"email": world.rosa.email})
    assert "Demasiados intentos" in blocked.get_data(as_text=True)
