"""For operators and load balancers: liveness, readiness and Prometheus metrics. No personal data."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request

from learner.common import metrics
from learner.extensions import csrf, limiter
from learner.web import health

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process is up and answers: nothing else is checked (liveness)."""
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Send traffic here? Database and limit store reachable, schema at the newest migration."""
    checks = health.readiness(current_app)
    ready = all(checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503


@bp.get("/metrics")
@limiter.exempt
@csrf.exempt
def metrics_page():
    """Only with the bearer token of METRICS_TOKEN; without it, as if the page did not exist."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        abort(404)
    return Response(metrics.exposition(), mimetype=metrics.CONTENT_TYPE)
