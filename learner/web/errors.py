"""Error pages in Spanish (HTML), and JSON errors under /api/: never a stack trace, never English."""

from __future__ import annotations

import math
import time

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from learner.common import metrics
from learner.extensions import db, limiter

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# What a learner reads for each status. Blueprints with their own handler (trainer) keep theirs.
MESSAGES = {
    400: (_l("No pudimos leer lo que enviaste"),
          _l("El formulario venció o le falta algo. Vuelve a la página anterior e inténtalo otra vez.")),
    401: (_l("Necesitas entrar"), _l("Entra con tu correo y tu contraseña para ver esta página.")),
    403: (_l("No puedes ver esta página"), _l("Tu cuenta no tiene permiso para esta página.")),
    404: (_l("No encontramos esta página"),
          _l("Puede que el enlace esté mal escrito o que la página ya no exista.")),
    405: (_l("No se puede hacer eso aquí"), _l("Vuelve a la página anterior e inténtalo de nuevo.")),
    413: (_l("Lo que enviaste es demasiado grande"),
          _l("Escribe un texto más corto o envía menos cosas a la vez.")),
    429: (_l("Demasiados intentos"),
          _l("Por tu seguridad, espera un rato antes de intentarlo otra vez. Si olvidaste tu "
             "contraseña, pide ayuda a tu facilitadora.")),
    500: (_l("Algo salió mal"),
          _l("No es tu culpa. Tus resultados guardados en el teléfono no se pierden. "
             "Inténtalo otra vez en unos minutos.")),
}
# A NUL character pasted into a field: PostgreSQL cannot store it, so it is refused up front.
NUL_MESSAGE = (_l("No pudimos guardar lo que escribiste"),
               _l("Lo que escribiste tiene un carácter que no se puede guardar. Vuelve atrás, "
                  "borra el texto que pegaste y escríbelo otra vez."))
# Short English reasons for programs (the phone's script), as in the OpenAPI Error schema.
API_REASONS = {400: "bad request", 401: "sign in needed", 403: "forbidden", 404: "not found",
               405: "method not allowed", 413: "the body is too large",
               429: "too many requests", 500: "server error"}


def _status(error: Exception) -> int:
    return error.code if isinstance(error, HTTPException) and error.code in MESSAGES else 500


def handle(error: Exception):
    status = _status(error)
    if status == 500:
        db.session.rollback()  # the request may have failed half-way through a transaction
    if status == 429:
        metrics.RATE_LIMITED.labels(endpoint=request.endpoint or "-").inc()
    if request.path.startswith("/api/"):
        return jsonify(error=API_REASONS[status]), status
    title, message = MESSAGES[status]
    template = "errors/500.html" if status == 500 else "errors/error.html"
    wait = _minutes_to_wait() if status == 429 else None
    return render_template(template, title=title, message=message, status=status,
                           wait=wait), status


def refuse_nul():
    """before_request: a NUL in a query value or a form field is a 400, before any view reads it.
    (JSON bodies are checked where they are read.)"""
    form = request.form if request.mimetype in FORM_TYPES else None
    if not (_has_nul(request.args) or (form and _has_nul(form))):
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="a query or form value contains a NUL character"), 400
    title, message = NUL_MESSAGE
    return render_template("errors/error.html", title=title, message=message, status=400), 400


def _has_nul(values: MultiDict) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def _minutes_to_wait() -> int | None:
    """Until the breached limit lets her try again (Flask-Limiter adds Retry-After itself)."""
    breached = [limit.reset_at for limit in limiter.current_limits if limit.breached]
    if not breached:
        return None
    # reset_at is rounded up to the next whole second by Flask-Limiter: take that second back.
    return max(1, math.ceil((max(breached) - 1 - time.time()) / 60))


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)
    for status in MESSAGES:
        app.register_error_handler(status, handle)
