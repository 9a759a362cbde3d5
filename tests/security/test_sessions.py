"""Server-side sessions: logout and a password change end them for real, not only in this
browser; every way of signing in (password, profile switch) makes one; failed sign-ins are logged."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest

from learner.accounts import sessions
from learner.accounts.users import set_password
from learner.extensions import db
from learner.models import User, UserSession
from learner.common.timeutil import utcnow
from tests.security.conftest import PASSWORD

DEVICE = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
PROOF = "p" * 43  # what the phone derives from her PIN (static/js/profile-store.js)


def signed_in(app, user, remember: bool = True):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD} | ({"remember": "y"} if remember else {})
    assert client.post("/login", data=data).status_code == 302
    return client


def copy_cookies(app, source, names=("session", "remember_token")):
    """Another browser holding copies of the cookies (taken by malware, or over a shoulder)."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_a_copied_session_cookie_is_refused_after_logout(app, people):
    rosa = signed_in(app, people.rosa, remember=False)
    thief = copy_cookies(app, rosa, names=("session",))
    assert thief.get("/progress").status_code == 200  # the copy works while she is signed in
    rosa.post("/logout")
    assert thief.get("/progress").status_code == 302
    assert thief.get("/api/me").get_json()["user"] is None


def test_a_copied_remember_cookie_is_refused_after_logout(app, people):
    rosa = signed_in(app, people.rosa)
    thief = copy_cookies(app, rosa, names=("remember_token",))
    rosa.post("/logout")
    assert thief.get("/progress").status_code == 302


def test_the_session_cookie_holds_no_user_id_and_the_table_no_key(app, people):
    rosa = signed_in(app, people.rosa)
    record = db.session.query(UserSession).one()
    assert record.user_id == people.rosa.id
    key = rosa.get_cookie("remember_token").value.split("|")[0]
    assert key not in (str(people.rosa.id), "")
    assert hashlib.sha256(key.encode()).hexdigest() == record.key_hash  # the cookie's key, hashed
    stored = [str(getattr(record, column.key)) for column in UserSession.__table__.columns]
    assert not any(key in value for value in stored)  # and the key itself nowhere in the table


def test_a_password_change_ends_every_other_session(app, people):
    phone, laptop = signed_in(app, people.rosa), signed_in(app, people.rosa)
    eva = signed_in(app, people.eva)
    set_password(db.session.get(User, people.rosa.id), "una-clave-nueva-larga")
    assert phone.get("/progress").status_code == 302 and laptop.get("/progress").status_code == 302
    assert eva.get("/progress").status_code == 200  # other people's sessions are untouched
    assert db.session.query(UserSession).filter_by(user_id=people.rosa.id).count() == 0


def test_a_password_change_can_keep_the_session_it_was_made_in(app, people):
    other = signed_in(app, people.rosa)
    user = db.session.get(User, people.rosa.id)
    limits = sessions.Limits.from_config(app.config)
    kept = sessions.start(user, "", limits)
    set_password(user, "una-clave-nueva-larga", keep_session=kept)
    assert sessions.load(kept, limits).id == people.rosa.id
    assert db.session.query(UserSession).count() == 1
    assert other.get("/progress").status_code == 302


def test_switching_profile_on_a_phone_makes_a_session_of_its_own(app, people):
    client = signed_in(app, people.rosa)
    secret = client.post("/api/profiles/credential",
                         json={"device": DEVICE, "proof": PROOF}).get_json()["secret"]
    client.post("/logout")
    client = signed_in(app, people.eva)
    response = client.post("/api/profiles/switch",
                           json={"device": DEVICE, "user_id": people.rosa.id, "secret": secret,
                                 "proof": PROOF})
    assert response.status_code == 200
    assert db.session.query(UserSession).filter_by(user_id=people.rosa.id).count() == 1
    assert client.get("/api/me").get_json()["user"]["id"] == people.rosa.id
    client.post("/logout")  # and logging out ends it like any other
    assert db.session.query(UserSession).filter_by(user_id=people.rosa.id).count() == 0


def test_the_session_records_a_short_browser_summary(app, people):
    client = app.test_client()
    client.post("/login", data={"email": people.rosa.email, "password": PASSWORD},
                headers={"User-Agent": "Mozilla/5.0 (Linux; Android 11; SM-A105M) AppleWebKit/537.36 "
                                       "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"})
    assert db.session.query(UserSession).one().user_agent == "Android · Chrome"


def test_a_failed_sign_in_is_logged_without_the_password_or_unknown_email(client, people, caplog):
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        client.post("/login", data={"email": people.rosa.email, "password": "clave-equivocada"})
        client.post("/login", data={"email": "mi-clave-secreta@x.bo", "password": "otra-clave"},
                    environ_base={"REMOTE_ADDR": "198.51.100.7"})
    wrong, unknown = [r.getMessage() for r in caplog.records if r.name == "learner.web.security"]
    assert "reason=wrong_password" in wrong and f"account={people.rosa.id}" in wrong
    assert "reason=unknown_account" in unknown and "email_digest=" in unknown
    assert "ip=198.51.100.7" in unknown
    assert "clave-equivocada" not in caplog.text and "otra-clave" not in caplog.text
    assert "mi-clave-secreta" not in caplog.text


def test_a_successful_sign_in_is_not_logged_as_a_failure(client, people, caplog):
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        client.post("/login", data={"email": people.rosa.email, "password": PASSWORD})
    assert "sign-in failed" not in caplog.text


def test_last_seen_is_written_at_most_hourly_and_a_long_unused_session_ends(app, people):
    rosa = signed_in(app, people.rosa)
    record = db.session.query(UserSession).one()
    first_seen = record.last_seen_at
    assert rosa.get("/progress").status_code == 200
    db.session.refresh(record)
    assert record.last_seen_at == first_seen  # no write for every page
    record.last_seen_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    assert rosa.get("/progress").status_code == 200
    db.session.refresh(record)
    assert record.last_seen_at > utcnow() - timedelta(minutes=5)
    record.last_seen_at, dead = utcnow() - timedelta(days=61), record.key_hash
    db.session.commit()
    assert rosa.get("/progress").status_code == 302
    signed_in(app, people.rosa)  # her next sign-in clears the dead row
    assert db.session.query(UserSession).filter_by(key_hash=dead).count() == 0


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_a_sign_in_stopped_by_the_limit_is_logged(app, people, caplog):
    client = app.test_client()
    for _ in range(10):
        client.post("/login", data={"email": people.rosa.email, "password": "adivina"})
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.post("/login", data={"email": people.rosa.email, "password": PASSWORD})
    assert response.status_code == 429
    assert f"reason=rate_limited account={people.rosa.id}" in caplog.text
    assert PASSWORD not in caplog.text


def _only_session(user) -> UserSession:
    return db.session.query(UserSession).filter_by(user_id=user.id).one()


def test_a_staff_session_ends_after_the_idle_time_but_a_learners_does_not(app, people):
    trainer, rosa = signed_in(app, people.trainer_a), signed_in(app, people.rosa)
    idle = app.config["STAFF_SESSION_IDLE"]
    for user in (people.trainer_a, people.rosa):
        _only_session(user).last_seen_at = utcnow() - idle - timedelta(minutes=1)
    db.session.commit()
    assert trainer.get("/trainer/").status_code == 302
    assert rosa.get("/progress").status_code == 200  # offline phones keep the 60 days
    # the ended record is gone, so her remember-me cookie cannot revive it either
    assert db.session.query(UserSession).filter_by(user_id=people.trainer_a.id).count() == 0


def test_a_staff_session_in_use_ends_after_its_absolute_lifetime(app, people):
    trainer = signed_in(app, people.trainer_a)
    record = _only_session(people.trainer_a)
    record.created_at = utcnow() - app.config["STAFF_SESSION_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()  # last seen is now: she is busy, yet the day is over
    assert trainer.get("/trainer/").status_code == 302


def test_staff_last_seen_is_written_often_enough_for_the_idle_time(app, people):
    trainer = signed_in(app, people.trainer_a)
    record = _only_session(people.trainer_a)
    idle = app.config["STAFF_SESSION_IDLE"]
    # Active a little less than the idle time ago (the hourly write would still skip this)...
    record.last_seen_at = utcnow() - idle + timedelta(minutes=2)
    db.session.commit()
    assert trainer.get("/trainer/").status_code == 200
    db.session.refresh(record)
    assert record.last_seen_at > utcnow() - timedelta(minutes=1)  # ...so this visit counts
    assert sessions.STAFF_SEEN_EVERY < idle / 4  # she is never cut off much before her idle time


def test_a_staff_remember_cookie_does_not_outlive_her_session(app, people):
    trainer, rosa = signed_in(app, people.trainer_a), signed_in(app, people.rosa)
    staff_cookie = trainer.get_cookie("remember_token").expires.replace(tzinfo=None)
    learner_cookie = rosa.get_cookie("remember_token").expires.replace(tzinfo=None)
    now = utcnow()
    assert staff_cookie <= now + app.config["STAFF_SESSION_LIFETIME"] + timedelta(minutes=1)
    assert learner_cookie > now + timedelta(days=59)


def test_a_learner_signing_in_after_staff_on_one_browser_gets_her_own_cookie_lifetime(app, people):
    client = signed_in(app, people.trainer_a)  # a trainer on the phone; then the learner signs in
    data = {"email": people.rosa.email, "password": PASSWORD, "remember": "y"}
    assert client.post("/login", data=data).status_code == 302
    expires = client.get_cookie("remember_token").expires.replace(tzinfo=None)
    assert expires > utcnow() + timedelta(days=59)


@pytest.mark.parametrize("env, key, expected", [
    ({"STAFF_SESSION_IDLE_MINUTES": "30"}, "STAFF_SESSION_IDLE", timedelta(minutes=30)),
    ({"STAFF_SESSION_HOURS": "8"}, "STAFF_SESSION_LIFETIME", timedelta(hours=8)),
])
def test_the_staff_session_times_come_from_the_environment(monkeypatch, env, key, expected):
    from learner.config import from_environment
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert from_environment()[key] == expected
