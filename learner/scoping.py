"""Who may see what: role checks for blueprints, and a trainer's centres in one query helper."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from .models import Centre, Cohort, Role, User


def require_roles(*roles: Role):
    """For blueprint.before_request: anonymous visitors go to sign in, other roles get 403."""
    def check():
        if not current_user.is_authenticated:
            from .extensions import login_manager
            return login_manager.unauthorized()
        if not current_user.has_role(*roles):
            abort(403)
        return None
    return check


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
