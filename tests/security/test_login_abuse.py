"""Guessing passwords is slowed per account; a centre where everyone shares one IP still signs in."""

from __future__ import annotations

import re

import pytest

from learner import config
from learner.extensions import db, limiter
from learner.models import User
from tests.security.conftest import FAST_HASH

CENTRE_IP = "203.0.113.40"  # the one public address of a community centre (documentation range)
limited = pytest.mark.config(RATELIMIT_ENABLED=True)


def learners(n: int) -> list[User]:
    users = [User(name=f"Participante {i}", email=f"p{i}@example.bo", role="learner",
                  password_hash=FAST_HASH) for i in range(n)]
    db.session.add_all(users)
    db.session.commit()
    return users


def post_login(app, email: str, password: str = "secreto123", ip: str = CENTRE_IP):
    return app.test_client().post("/login", data={"email": email, "password": password},
                                  environ_base={"REMOTE_ADDR": ip})


@limited
def test_forty_learners_at_one_centre_all_sign_in_together(app):
    for user in learners(40):
        response = post_login(app, user.email)
        assert response.status_code == 302, user.email


@limited
def test_the_eleventh_wrong_password_for_one_account_is_refused_in_spanish(app):
    rosa, eva = learners(2)
    for _ in range(10):
        assert post_login(app, rosa.email, "adivina").status_code == 400
    refused = post_login(app, rosa.email, "secreto123")  # even the right one, for a while
    body = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Demasiados intentos" in body and '<html lang="es">' in body
    assert int(refused.headers["Retry-After"]) > 0
    assert "Puedes volver a intentarlo en 15 minutos." in body
    # Another woman at the same centre is not locked out by it.
    assert post_login(app, eva.email).status_code == 302
    # Nor does a change of capitals or spaces buy more guesses.
    assert post_login(app, "  " + rosa.email.upper(), "adivina").status_code == 429


@limited
def test_one_address_hammering_many_accounts_is_stopped(app):
    client = app.test_client()
    statuses = [client.post("/login", data={"email": f"n{i}@example.bo"},  # no password: no hashing
                            environ_base={"REMOTE_ADDR": CENTRE_IP}).status_code for i in range(301)]
    assert statuses[:300] == [400] * 300 and statuses[300] == 429
    (rosa,) = learners(1)
    assert post_login(app, rosa.email, ip="198.51.100.9").status_code == 302


def test_unknown_email_and_wrong_password_get_the_same_answer(client, app):
    (rosa,) = learners(1)
    wrong = client.post("/login", data={"email": rosa.email, "password": "adivina"})
    unknown = client.post("/login", data={"email": "nadie@example.bo", "password": "adivina"})
    assert wrong.status_code == unknown.status_code == 400
    assert same_page(wrong, rosa.email) == same_page(unknown, "nadie@example.bo")


def same_page(response, email: str) -> str:
    """The page without what differs by right: the e-mail she typed, the CSRF token's time."""
    body = response.get_data(as_text=True).replace(email, "X")
    return re.sub(r'name="csrf_token" value="[^"]*"', "", body)


def test_limits_are_kept_in_redis_when_it_is_configured(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert config.from_environment()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert "RATELIMIT_STORAGE_URI" not in config.from_environment()
    assert config.Defaults.RATELIMIT_STORAGE_URI == "memory://"


@pytest.mark.config(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", RATELIMIT_ENABLED=True)
def test_the_limiter_uses_the_configured_redis_storage(app):
    # Built lazily: no Redis server is needed to see which storage was chosen.
    assert type(limiter.storage).__name__ == "RedisStorage"
