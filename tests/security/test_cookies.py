"""Session and remember-me cookies: their flags, their life, and what ends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from learner import create_app
from learner.accounts.users import set_password
from learner.extensions import db
from learner.models import User
from tests.security.conftest import FAST_HASH

MOBILE_DATA, CENTRE_WIFI = "198.51.100.7", "203.0.113.9"  # documentation addresses


def set_cookies(response) -> dict[str, str]:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def test_development_cookies_are_httponly_and_lax(client, people):
    cookies = set_cookies(client.post("/login", data={"email": people.rosa.email,
                                                      "password": "secreto123", "remember": "y"}))
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], name
        assert "Secure" not in cookies[name]  # plain http on a developer's machine


def test_remember_me_lasts_weeks_not_a_year(client, people):
    cookies = set_cookies(client.post("/login", data={"email": people.rosa.email,
                                                      "password": "secreto123", "remember": "y"}))
    expires = parsedate_to_datetime(cookies["remember_token"].split("Expires=")[1].split(";")[0])
    assert timedelta(days=7) < expires - datetime.now(UTC) <= timedelta(days=61)


def production_app(tmp_path):
    return create_app({"PRODUCTION": True, "SECRET_KEY": "k" * 40, "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                       "ALLOW_SQLITE_IN_PRODUCTION": True, "RATELIMIT_ENABLED": False})


def test_production_cookies_are_host_prefixed_and_secure(tmp_path):
    app = production_app(tmp_path)
    app.config["WTF_CSRF_ENABLED"] = False  # after the start-up check, which refuses it off
    with app.app_context():
        db.create_all()
        user = User(name="Rosa", email="rosa@example.bo", role="learner",
                    password_hash=FAST_HASH)
        db.session.add(user)
        db.session.commit()
        response = app.test_client().post("/login", data={"email": "rosa@example.bo",
                                                          "password": "secreto123", "remember": "y"},
                                          base_url="https://localhost")
        cookies = set_cookies(response)
        db.session.remove()
    assert set(cookies) >= {"__Host-session", "__Host-remember"}
    for cookie in (cookies["__Host-session"], cookies["__Host-remember"]):
        # __Host- means: Secure, Path=/ and no Domain, or the browser refuses the cookie.
        assert "Secure" in cookie and "Path=/" in cookie and "Domain=" not in cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_moving_from_mobile_data_to_the_centre_wifi_keeps_her_signed_in(client, people):
    client.environ_base["REMOTE_ADDR"] = MOBILE_DATA
    client.post("/login", data={"email": people.rosa.email, "password": "secreto123", "remember": "y"})
    client.environ_base["REMOTE_ADDR"] = CENTRE_WIFI
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 11) otra"
    assert client.get("/progress").status_code == 200
    client.delete_cookie("session")  # the browser was closed: only remember-me is left
    assert client.get("/progress").status_code == 200


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_logout_is_a_post_with_csrf(client, people):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": people.rosa.email, "password": "secreto123",
                                "csrf_token": token})
    assert client.get("/logout").status_code == 405
    client.post("/logout")  # no token: a forged request from another site does nothing
    assert client.get("/progress").status_code == 200


def test_logout_ends_the_session_and_leaves_the_phone_storage_alone(client, people):
    client.post("/login", data={"email": people.rosa.email, "password": "secreto123", "remember": "y"})
    response = client.post("/logout")
    cookies = set_cookies(response)
    assert "remember_token" in cookies and "Expires=Thu, 01 Jan 1970" in cookies["remember_token"]
    # Clear-Site-Data "storage" or "*" would wipe IndexedDB: the outbox of unsent results.
    assert "Clear-Site-Data" not in response.headers
    assert client.get("/progress").status_code == 302
    assert client.get("/api/me").get_json()["user"] is None


def test_a_password_change_revokes_remember_me_cookies(client, people):
    client.post("/login", data={"email": people.rosa.email, "password": "secreto123", "remember": "y"})
    client.delete_cookie("session")
    set_password(db.session.get(User, people.rosa.id), "una-clave-nueva-larga")
    response = client.get("/progress")
    assert response.status_code == 302 and "/login" in response.location
