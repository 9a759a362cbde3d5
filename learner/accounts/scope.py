"""Which centres a staff member reaches: the one place that decides a trainer's reach."""

from __future__ import annotations

from sqlalchemy import Select, select

from learner.models import Centre, Cohort, Role, User


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
