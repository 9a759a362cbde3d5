"""Who may see what: role checks for blueprints, and a trainer's centres in one query helper.

A blueprint guarded by `require_roles` is a staff area: its 403s (wrong role) and 404s (out of the
trainer's centres, or absent: the same answer) are logged once, by `log_denied` (ASVS 16.3)."""

from __future__ import annotations

from flask import Response, abort, g, request
from flask_login import current_user
from sqlalchemy import Select, select

from learner.common import log as security_log
from learner.models import Centre, Cohort, Role, User


def require_roles(*roles: Role):
    """For blueprint.before_request: anonymous visitors go to sign in, other roles get 403."""
    def check():
        g.staff_area = True
        if not current_user.is_authenticated:
            from learner.extensions import login_manager
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


def centre_ids_for(user: User) -> Select | None:
    """A subquery of the centres a staff member may see; None means every centre (coordinator)."""
    if user.role == Role.COORDINATOR.value:
        return None
    return select(Cohort.centre_id).where(Cohort.trainer_id == user.id)


def scope_centres(query: Select, centre_column, user: User) -> Select:
    """Limit a query to the user's centres: the one place that decides a trainer's reach."""
    ids = centre_ids_for(user)
    return query if ids is None else query.where(centre_column.in_(ids))


def visible_centres(user: User) -> Select:
    return scope_centres(select(Centre).order_by(Centre.name), Centre.id, user)
