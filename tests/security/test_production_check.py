"""In production the app refuses to start with settings that would expose learners, and says why."""

from __future__ import annotations

import pytest

from learner import create_app
from learner.web.security import DEFAULT_SECRET, UnsafeConfiguration

POSTGRES = "postgresql+psycopg://app@db.example/learner"
GOOD = {"PRODUCTION": True, "SECRET_KEY": "s" * 48, "SQLALCHEMY_DATABASE_URI": POSTGRES}


def refusal(**changes) -> str:
    with pytest.raises(UnsafeConfiguration) as raised:
        create_app({**GOOD, **changes})
    return str(raised.value)


def test_a_sound_production_configuration_starts():
    app = create_app(GOOD)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"


@pytest.mark.parametrize("secret", [DEFAULT_SECRET, "short"])
def test_the_default_or_a_short_secret_key_is_refused(secret):
    assert "SECRET_KEY" in refusal(SECRET_KEY=secret)


def test_debug_mode_is_refused():
    assert "debug mode is on" in refusal(DEBUG=True)


def test_sqlite_needs_an_explicit_override(tmp_path):
    uri = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert "ALLOW_SQLITE_IN_PRODUCTION" in refusal(SQLALCHEMY_DATABASE_URI=uri)
    assert "ALLOW_SQLITE_IN_PRODUCTION" in refusal(SQLALCHEMY_DATABASE_URI=None)
    create_app({**GOOD, "SQLALCHEMY_DATABASE_URI": uri, "ALLOW_SQLITE_IN_PRODUCTION": True})


def test_csrf_protection_cannot_be_switched_off():
    assert "CSRF" in refusal(WTF_CSRF_ENABLED=False)


def test_every_problem_is_named_at_once():
    message = refusal(SECRET_KEY=DEFAULT_SECRET, DEBUG=True, SQLALCHEMY_DATABASE_URI=None)
    assert message.startswith("Refusing to start in production:")
    assert "SECRET_KEY" in message and "debug" in message and "DATABASE_URL" in message


def test_app_env_production_turns_the_check_on(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", DEFAULT_SECRET)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.example/learner")
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
        create_app()


def test_development_is_not_checked():
    create_app({"SECRET_KEY": DEFAULT_SECRET, "DEBUG": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def production_sqlite(tmp_path) -> dict:
    return {**GOOD, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "ALLOW_SQLITE_IN_PRODUCTION": True}


def test_demo_accounts_with_the_demo_password_are_refused(tmp_path):
    from learner.accounts.users import find_by_email, set_password
    from learner.demo import create_demo
    from learner.extensions import db
    development = create_app({**production_sqlite(tmp_path), "PRODUCTION": False})
    with development.app_context():
        db.create_all()
        create_demo(development.config["DEMO_PASSWORD"], development.extensions["country"])
    message = refusal(**production_sqlite(tmp_path))
    assert "facilitadora@demo.bo" in message and "coordinadora@demo.bo" in message
    assert "flask demo" in message
    with development.app_context():
        for email in ("participante@demo.bo", "facilitadora@demo.bo", "coordinadora@demo.bo"):
            set_password(find_by_email(email), "una-clave-que-nadie-conoce")
        db.session.remove()
    create_app(production_sqlite(tmp_path))


def test_flask_demo_refuses_to_run_in_production(tmp_path):
    app = create_app(production_sqlite(tmp_path))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0 and "never exist in production" in result.output
