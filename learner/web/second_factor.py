"""The staff second-factor gate at request time: which views stay open while she enrols, the
pending code step, and the before-request check itself."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user

from learner.accounts import second_factor
from learner.models import User

PENDING = "2fa_pending"
PENDING_SECONDS = 600  # the password step is good for 10 minutes of finding her phone


def open_while_enrolling(view: Callable) -> Callable:
    """Mark a view a staff member without a second factor may still open while it is required.

    Her way to enrolment, and everything the shared phone needs whoever is signed in: the worker
    caches the anonymous pages (a redirect there would store the enrolment page, her secret with
    it, under their URLs), and the outbox sends with sync tokens, not her session: a trainer signed
    in on a learner's phone must not stop it. Put it right under the route decorator."""
    view.open_while_enrolling = True
    return view


def required() -> bool:
    return bool(current_app.config.get("STAFF_2FA_REQUIRED"))


def begin(user: User, remember: bool, next_url: str):
    """After her password: remember who she is for the code step; she is not signed in yet."""
    session[PENDING] = {"user": user.id, "remember": remember, "next": next_url,
                        "until": int(time.time()) + PENDING_SECONDS}
    return redirect(url_for("twofactor.code"))


def _is_open(endpoint: str | None) -> bool:
    if endpoint == "static":  # Flask's own view: no attribute can be set on it
        return True
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(view, "open_while_enrolling", False))


def enforce():
    """before_app_request: with 2FA required, staff without it go to enrolment first."""
    if not required() or _is_open(request.endpoint):
        return None
    if current_user.is_authenticated and second_factor.must_enrol(current_user):
        if request.path.startswith("/api/"):
            return jsonify(error="second factor needed"), 403
        return redirect(url_for("twofactor.enrol"))
    return None
