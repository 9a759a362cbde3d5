"""One JSON line per request for the operators: method, endpoint, status, duration and the
caller's role. No personal data: no URL (a query may hold an e-mail), no ids, no addresses."""

from __future__ import annotations

import json
import logging
import time

from flask import Flask, Response, g, request
from flask_login import current_user

log = logging.getLogger("learner.requests")


def _start() -> None:
    g.request_started = time.perf_counter()


def _line(response: Response) -> Response:
    started = g.get("request_started")
    role = current_user.role if current_user and current_user.is_authenticated else "anonymous"
    log.info(json.dumps({
        "method": request.method, "endpoint": request.endpoint or "-",
        "status": response.status_code, "role": role,
        "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "bytes": response.calculate_content_length(),
    }, separators=(",", ":")))
    return response


def init_app(app: Flask) -> None:
    """On when REQUEST_LOG says so (default: in production)."""
    enabled = app.config.get("REQUEST_LOG")
    if not (app.config.get("PRODUCTION") if enabled is None else enabled):
        return
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    app.before_request(_start)
    app.after_request(_line)
