"""Who may call what: role checks for blueprints (the centre scope itself is accounts/scope.py).

A blueprint guarded by `require_roles` is a staff area: its 403s (wrong role) and 404s (out of the
trainer's centres, or absent: the same answer) are logged once, by `log_denied` (ASVS 16.3)."""

from __future__ import annotations

from flask import Response, abort, g, request
from flask_login import current_user
from sqlalchemy import select

from learner.common import log as security_log
from learner.accounts.scope import scope_centres
from learner.extensions import db, login_manager
from learner.models import Application, CallCentre, Role

ID = "int(max=2147483647)"  # URL converter for database ids: larger ones are a 404, not a 500


def require_roles(*roles: Role):
    """For blueprint.before_request: anonymous visitors go to sign in, other roles get 403."""
    def check():
        g.staff_area = True
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(*roles):
            abort(403)
        return None
    return check


def log_denied(response: Response) -> Response:
    """app.after_request: a signed-in user refused in a staff area, in one line of ids."""
    if g.get("staff_area") and response.status_code in (403, 404) and current_user.is_authenticated:
        # The endpoint, not the URL: a query string may hold a searched e-mail.
        security_log.event("staff area denied", status=response.status_code,
                           account=current_user.id, endpoint=request.endpoint,
                           method=request.method, ip=request.remote_addr)
    return response


def place_or_404(call_id: int, centre_id: int) -> CallCentre:
    """The call's places at a centre this staff member may see; else 404 (no hint it exists)."""
    query = select(CallCentre).where(CallCentre.call_id == call_id, CallCentre.centre_id == centre_id)
    return db.first_or_404(scope_centres(query, CallCentre.centre_id, current_user))


def application_or_404(application_id: int) -> Application:
    query = select(Application).where(Application.id == application_id)
    return db.first_or_404(scope_centres(query, Application.centre_id, current_user))
