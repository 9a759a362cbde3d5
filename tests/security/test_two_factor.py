"""Second factor for staff: enrolment with a QR code, a code after the password, a coordinator's
reset, rate limits, and the switch that requires it in production."""

from __future__ import annotations

import logging
import re
import time

import pyotp
import pytest
from flask import current_app
from sqlalchemy import text, update

from learner import create_app
from learner.accounts import second_factor as twofactor
from learner.config import from_environment
from learner.extensions import db
from learner.models import Role, User, UserSession
from learner.common.secret_box import SecretBox
from learner.common.timeutil import utcnow
from tests.security.conftest import PASSWORD, quick_user, sign_in

DEVICE = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
PROOF = "p" * 43  # what the phone derives from her PIN (static/js/profile-store.js)


def box() -> SecretBox:
    return SecretBox.for_config(current_app.config)


def enrolled(user: User) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_enabled_at = box().seal(secret), utcnow()
    db.session.commit()
    return pyotp.TOTP(secret)


def secret_of(user_id: int) -> str:
    return box().open(db.session.get(User, user_id).totp_secret)


def password_step(client, user: User, **extra):
    return client.post("/login", data={"email": user.email, "password": PASSWORD, **extra})


def test_staff_enrol_with_the_secret_as_text_and_a_qr_code(client, people):
    sign_in(client, people.trainer_a)
    page = client.get("/account/2fa").get_data(as_text=True)
    secret = secret_of(people.trainer_a.id)
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page
    assert '<svg' in page and 'class="qr"' in page and "<script" not in page.split("<main")[-1]
    assert client.post("/account/2fa", data={"code": "000000"}).status_code == 400
    response = client.post("/account/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert db.session.get(User, people.trainer_a.id).has_totp


def test_turning_the_second_factor_on_ends_her_other_sessions(app, people):
    """A session opened with the password alone (perhaps by whoever learnt it) ends; hers stays."""
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, people.trainer_a)
    sign_in(phone, people.trainer_a)
    sign_in(app.test_client(), people.trainer_b)
    phone.get("/account/2fa")
    secret = secret_of(people.trainer_a.id)
    assert phone.post("/account/2fa", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert laptop.get("/trainer/").status_code == 302
    assert phone.get("/trainer/").status_code == 200
    assert db.session.query(UserSession).filter_by(user_id=people.trainer_a.id).count() == 1
    assert db.session.query(UserSession).filter_by(user_id=people.trainer_b.id).count() == 1


def test_learners_have_no_second_factor_page(client, people):
    sign_in(client, people.rosa)
    assert client.get("/account/2fa").status_code == 403


def test_the_password_alone_does_not_sign_in_enrolled_staff(client, people):
    totp = enrolled(people.trainer_a)
    response = password_step(client, people.trainer_a)
    assert response.status_code == 302 and response.location.endswith("/login/code")
    assert client.get("/api/me").get_json()["user"] is None
    assert client.get("/trainer/").status_code == 302
    assert db.session.query(UserSession).count() == 0
    response = client.post("/login/code", data={"code": totp.now()})
    assert response.status_code == 302
    assert client.get("/trainer/").status_code == 200
    assert db.session.query(UserSession).filter_by(user_id=people.trainer_a.id).count() == 1


def test_the_code_step_keeps_where_she_was_going_and_remember_me(client, people):
    totp = enrolled(people.coordinator)
    client.post("/login?next=/programme/reports", data={"email": people.coordinator.email,
                                                        "password": PASSWORD, "remember": "y"})
    response = client.post("/login/code", data={"code": totp.now()})
    assert response.location.endswith("/programme/reports")
    assert client.get_cookie("remember_token") is not None


def test_a_wrong_code_is_refused_and_logged(client, people, caplog):
    enrolled(people.trainer_a)
    password_step(client, people.trainer_a)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 400 and "no es correcto" in response.get_data(as_text=True)
    assert f"reason=wrong_code account={people.trainer_a.id}" in caplog.text
    assert client.get("/api/me").get_json()["user"] is None


def test_a_code_works_only_once(app, people):
    totp = enrolled(people.trainer_a)
    code = totp.now()
    first, second = app.test_client(), app.test_client()
    password_step(first, people.trainer_a)
    password_step(second, people.trainer_a)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    assert second.post("/login/code", data={"code": code}).status_code == 400
    # The next code (one step of drift allowed) is a new one and works.
    assert second.post("/login/code", data={"code": totp.at(time.time() + 30)}).status_code == 302


def test_a_code_raced_by_two_requests_is_accepted_once(app, people):
    """Two workers read her account before either spends the code: only one may accept it."""
    totp = enrolled(people.trainer_a)
    now = time.time()
    user = db.session.get(User, people.trainer_a.id)
    assert user.totp_last_step is None  # this request has read her account...
    step = int(now) // totp.interval
    with db.engine.begin() as other_worker:  # ...and another worker spends the code meanwhile
        other_worker.execute(update(User).where(User.id == user.id).values(totp_last_step=step))
    assert twofactor.check_code(user, totp.at(now), box(), now=now) is False
    assert db.session.get(User, people.trainer_a.id).totp_last_step == step


def test_the_password_step_expires(client, people):
    totp = enrolled(people.trainer_a)
    password_step(client, people.trainer_a)
    with client.session_transaction() as session:
        session["2fa_pending"] = {**session["2fa_pending"], "until": int(time.time()) - 1}
    response = client.post("/login/code", data={"code": totp.now()})
    assert response.status_code == 302 and "/login" in response.location
    assert client.get("/api/me").get_json()["user"] is None


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_code_guesses_are_limited_per_account(app, people):
    totp = enrolled(people.trainer_a)
    client = app.test_client()
    password_step(client, people.trainer_a)
    for _ in range(5):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 400
    response = client.post("/login/code", data={"code": totp.now()})
    assert response.status_code == 429 and "Retry-After" in response.headers
    # Another trainer at the same centre (the same address) is not held back by it.
    other_totp, other = enrolled(people.trainer_b), app.test_client()
    password_step(other, people.trainer_b)
    assert other.post("/login/code", data={"code": other_totp.now()}).status_code == 302


def test_a_phone_credential_does_not_skip_the_code(client, people):
    sign_in(client, people.trainer_a)
    secret = client.post("/api/profiles/credential",
                         json={"device": DEVICE, "proof": PROOF}).get_json()["secret"]
    enrolled(db.session.get(User, people.trainer_a.id))
    client.post("/logout")
    response = client.post("/api/profiles/switch", json={"device": DEVICE, "secret": secret,
                                                        "user_id": people.trainer_a.id, "proof": PROOF})
    assert response.status_code == 403
    assert client.get("/api/me").get_json()["user"] is None


@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_when_required_staff_enrol_before_any_staff_page(client, people):
    sign_in(client, people.trainer_a)
    for path in ("/trainer/", "/programme/", "/account"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/account/2fa"), path
    assert client.get("/account/2fa").status_code == 200
    secret = secret_of(people.trainer_a.id)
    client.post("/account/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/trainer/").status_code == 200


@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_when_required_a_trainer_not_enrolled_does_not_block_the_shared_phone(client, people):
    """Anonymous pages the worker caches, and the outbox's endpoints, answer as for anyone: a
    trainer signed in on a learner's phone must not stop its outbox or get the enrolment page
    (with her secret) cached under their URLs."""
    sign_in(client, people.trainer_a)
    module = client.application.extensions["catalog"].module("conectate")
    lesson = f"/modules/{module.slug}/lessons/{module.lessons[0].slug}"
    for path in ("/", "/apply", "/profiles", "/verificar", "/datos", "/offline", "/outbox",
                 "/api/csrf", "/service-worker.js", "/manifest.webmanifest", "/static/css/app.css",
                 f"/modules/{module.slug}", lesson, f"{lesson}/quiz",
                 f"/api/modules/{module.slug}/offline"):
        assert client.get(path).status_code == 200, path
    for path in ("/api/sync", "/api/applications"):
        response = client.post(path, json={"device": DEVICE, "items": []})
        assert response.status_code == 200, path
    assert client.get("/trainer/").location.endswith("/account/2fa")  # her own pages still wait


@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_the_enrolment_page_is_never_stored(client, people):
    sign_in(client, people.trainer_a)
    assert client.get("/account/2fa").headers["Cache-Control"] == "no-store"


@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_when_required_learners_are_not_asked(client, people):
    sign_in(client, people.rosa)
    assert client.get("/progress").status_code == 200


def test_required_in_production_and_not_in_development(tmp_path):
    production = create_app({"PRODUCTION": True, "SECRET_KEY": "s" * 48,
                             "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
                             "ALLOW_SQLITE_IN_PRODUCTION": True})
    assert production.config["STAFF_2FA_REQUIRED"] is True
    development = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.sqlite3'}"})
    assert not development.config["STAFF_2FA_REQUIRED"]


@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_a_coordinator_resets_a_trainers_second_factor(app, people, caplog):
    trainer, coordinator = app.test_client(), app.test_client()
    for client, user in ((trainer, people.trainer_a), (coordinator, people.coordinator)):
        totp = enrolled(user)
        password_step(client, user)
        assert client.post("/login/code", data={"code": totp.now()}).status_code == 302
    assert people.trainer_a.name in coordinator.get("/admin/staff").get_data(as_text=True)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = coordinator.post(f"/admin/staff/{people.trainer_a.id}/2fa/reset")
    assert response.status_code == 302
    assert f"2fa reset: account={people.trainer_a.id} by={people.coordinator.id}" in caplog.text
    db.session.expire_all()
    assert not db.session.get(User, people.trainer_a.id).has_totp
    assert "/login" in trainer.get("/trainer/").location  # her sessions ended with it
    sign_in(trainer, people.trainer_a)  # and now her password signs her in, to enrol again
    assert trainer.get("/trainer/").location.endswith("/account/2fa")
    assert trainer.get("/account/2fa").status_code == 200


@pytest.mark.parametrize("whom", ["rosa", "coordinator"])
def test_a_coordinator_resets_neither_a_learner_nor_herself(client, people, whom):
    sign_in(client, people.coordinator)
    target = getattr(people, whom)
    assert client.post(f"/admin/staff/{target.id}/2fa/reset").status_code == 404


def test_another_coordinator_can_reset_a_coordinators(client, people):
    other = quick_user("Lucía Mamani", Role.COORDINATOR)
    enrolled(other)
    sign_in(client, people.coordinator)
    assert client.post(f"/admin/staff/{other.id}/2fa/reset").status_code == 302
    assert not db.session.get(User, other.id).has_totp


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False), ("no", False)])
def test_the_environment_can_set_the_switch(monkeypatch, value, expected):
    monkeypatch.setenv("STAFF_2FA_REQUIRED", value)
    assert from_environment()["STAFF_2FA_REQUIRED"] is expected


def test_the_secret_is_encrypted_in_the_database_and_codes_still_work(client, people):
    sign_in(client, people.trainer_a)
    page = client.get("/account/2fa").get_data(as_text=True)
    secret = secret_of(people.trainer_a.id)
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page
    stored = db.session.execute(text('SELECT totp_secret FROM "user" WHERE id = :id'),
                                {"id": people.trainer_a.id}).scalar_one()
    assert secret not in stored and not re.fullmatch(r"[A-Z2-7=]{16,}", stored)
    assert client.post("/account/2fa", data={"code": pyotp.TOTP(secret).now()}).status_code == 302


def test_a_changed_key_makes_codes_fail_safely(app, client, people, caplog):
    totp = enrolled(people.trainer_a)
    app.config["SECRET_KEY"] = "another-secret-key-after-a-rotation"
    password_step(client, people.trainer_a)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.post("/login/code", data={"code": totp.now()})
    assert response.status_code == 400  # refused as a wrong code, never a 500
    assert client.get("/trainer/").status_code == 302
    assert f"2fa secret unreadable: account={people.trainer_a.id}" in caplog.text


def test_an_unreadable_pending_secret_is_replaced_at_enrolment(app, client, people):
    sign_in(client, people.trainer_a)
    client.get("/account/2fa")
    app.config["TOTP_KEY"] = "a-separate-key-for-totp-secrets-0123456789"
    assert client.get("/account/2fa").status_code == 200
    assert secret_of(people.trainer_a.id) is not None  # a new one, sealed with the new key


@pytest.mark.config(TOTP_KEY="a-separate-key-for-totp-secrets-0123456789")
def test_with_its_own_key_the_secret_key_can_change(app, client, people):
    totp = enrolled(people.trainer_a)
    app.config["SECRET_KEY"] = "another-secret-key-after-a-rotation"
    password_step(client, people.trainer_a)
    assert client.post("/login/code", data={"code": totp.now()}).status_code == 302


def test_the_environment_can_set_the_totp_key(monkeypatch):
    monkeypatch.setenv("TOTP_KEY", "k" * 40)
    assert from_environment()["TOTP_KEY"] == "k" * 40
