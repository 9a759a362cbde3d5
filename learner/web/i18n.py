"""Locale choice: the learner's own pick (cookie), else her account's, else Spanish."""

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user

LOCALE_COOKIE = "locale"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    @app.context_processor
    def locale_context():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
