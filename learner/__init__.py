"""Mujeres Online: the offline-first learning app. create_app is the only module that knows every part."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from learner import cli, config
from learner.accounts import sessions
from learner.common.country import DEFAULT_FILE as DEFAULT_COUNTRY
from learner.common.country import load_country
from learner.database import init_database
from learner.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from learner.learning.catalog import load_catalog
from learner.web import assets, etags, i18n, request_log, security

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(ROOT / "instance"), instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config.from_environment())
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    config.fill_instance_paths(app.config, Path(app.instance_path))

    security.check_production(app)

    app.extensions["root"] = ROOT
    _load_country(app)
    _init_extensions(app)
    security.check_demo_accounts(app)
    _load_content(app)
    _register_blueprints(app)
    security.init_app(app)

    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    init_database(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(session_key: str):
        return sessions.load(session_key, sessions.Limits.from_config(app.config))

    i18n.init_app(app)
    request_log.init_app(app)
    assets.init_app(app)
    etags.init_app(app)  # after Compress: its after_request then runs after the ETag is set


def _load_country(app: Flask) -> None:
    country = load_country(Path(app.config["COUNTRY_FILE"]) if app.config.get("COUNTRY_FILE")
                           else DEFAULT_COUNTRY)
    app.extensions["country"] = country
    if app.config.get("PRICE_PER_GB") is None:
        app.config["PRICE_PER_GB"] = country.price_per_gb
    if not app.config.get("DISPLAY_TIMEZONE"):
        app.config["DISPLAY_TIMEZONE"] = country.timezone

    @app.context_processor
    def country_context():
        return {"country": country, "money": country.money}


def _load_content(app: Flask) -> None:
    app.extensions["catalog"] = load_catalog(app.config.get("CONTENT_DIR") or
                                             ROOT / "learner" / "content")


def _register_blueprints(app: Flask) -> None:
    # Blueprints are imported here, in the factory (STYLE principle 2): the views are the only
    # modules that need every other part, and nothing else should pay for importing them.
    from learner.views import (
        api,
        apply,
        auth,
        belonging,
        certificates,
        certificates_admin,
        lessons,
        ops,
        privacy,
        profiles,
        programme,
        programme_actions,
        programme_reports,
        pwa,
        trainer,
        twofactor,
    )
    for module in (auth, lessons, api, pwa, profiles, certificates, certificates_admin, trainer,
                   apply, programme, programme_actions, programme_reports, privacy, twofactor, ops,
                   belonging):
        app.register_blueprint(module.bp)
