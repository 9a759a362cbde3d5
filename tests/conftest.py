"""Fixtures for every layer: a fresh app per test on SQLite, and on PostgreSQL too when
TEST_DATABASE_URL is set; factories; a login helper."""

from __future__ import annotations

import os
from datetime import date

import pytest
from flask import current_app, g
from flask.testing import FlaskClient
from sqlalchemy import text

from learner import create_app
from learner.accounts import users as accounts
from learner.accounts.users import create_user
from learner.extensions import db
from learner.models import Role
from learner.common.country import load_country

# Bolivia's regions, from its country file (learner/countries/bo.yaml).
REGIONS = tuple(region.name for region in load_country().regions)
DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
# Debian's Chromium, never a downloaded browser; every browser test of every folder uses these.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}, "locale": "es-BO"}


@pytest.fixture(autouse=True)
def signing_keys(request, tmp_path):
    """Certificate keys in the test's own folder, never in instance/."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.config["CERT_SIGNING_KEY_PATH"] = str(tmp_path / "keys" / "signing.pem")
        app.config["CERT_RETIRED_KEYS_DIR"] = str(tmp_path / "keys" / "retired")
    return tmp_path / "keys"


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """The suite hashes thousands of passwords: at the production cost (tested in
    tests/security/test_password_hashing.py) that alone would take minutes."""
    monkeypatch.setattr(accounts, "PASSWORD_METHOD", "scrypt:1024:8:1")


def database_uri(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    from learner.config import normalise_db_url
    return normalise_db_url(os.environ["TEST_DATABASE_URL"])


def reset_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.create_all()


class FreshRequestClient(FlaskClient):
    """The app fixture keeps an app context pushed for database work, and Flask reuses it for
    test requests; clear its `g` first, so every request starts fresh as in production
    (Flask-Login and Flask-Babel keep the user and the locale there)."""

    def open(self, *args, **kwargs):
        for name in list(vars(g)):
            delattr(g, name)
        return super().open(*args, **kwargs)


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):
    marker = request.node.get_closest_marker("config")  # @pytest.mark.config(KEY=value)
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri(request.param, tmp_path),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        **(marker.kwargs if marker else {}),
    })
    app.test_client_class = FreshRequestClient
    with app.app_context():
        reset_schema()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.LEARNER, name: str | None = None, password: str = "secreto123"):
        n = next(counter)
        return create_user(name or f"Participante {n}", f"user{n}@example.bo", password, role=role)

    return make


def login(client, user, password: str = "secreto123"):
    response = client.post("/login", data={"email": user.email, "password": password, "remember": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def catalog(app):
    return app.extensions["catalog"]


def programme_today() -> date:
    """Today where the programme runs (the app's country), for call periods."""
    return current_app.extensions["country"].today()
