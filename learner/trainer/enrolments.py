"""Enrolment by trainers: add a learner to a cohort, move her, mark her as withdrawn.

A learner has at most one active enrolment. Moving changes the cohort of that enrolment (one
row, so her history stays attached to her, not to a cohort); withdrawing sets its status.
Scope checks (which cohorts and learners the trainer may touch) are the caller's job.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from learner.accounts.users import create_user, find_by_email
from learner.extensions import db
from learner.models import Cohort, Enrolment, Role, User

ACTIVE, WITHDRAWN = "active", "withdrawn"


class EnrolmentProblem(Exception):
    """reason: not_a_learner | unknown_email | enrolled_elsewhere | already_here | not_enrolled"""

    def __init__(self, reason: str, cohort: Cohort | None = None):
        super().__init__(reason)
        self.reason, self.cohort = reason, cohort


def active_enrolment(user: User) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id,
                                                     Enrolment.status == ACTIVE))


def enrol(user: User, cohort: Cohort) -> Enrolment:
    """Add an existing learner; a withdrawn enrolment in the same cohort comes back to life."""
    if user.role != Role.LEARNER.value:
        raise EnrolmentProblem("not_a_learner")
    current = active_enrolment(user)
    if current is not None:
        raise EnrolmentProblem("already_here" if current.cohort_id == cohort.id
                               else "enrolled_elsewhere", current.cohort)
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.user_id == user.id, Enrolment.cohort_id == cohort.id))
    if enrolment is None:
        enrolment = Enrolment(user=user, cohort=cohort)
        db.session.add(enrolment)
    enrolment.status = ACTIVE
    db.session.commit()
    return enrolment


def enrol_by_email(email: str, cohort: Cohort, name: str = "") -> tuple[User, bool]:
    """Enrol the learner with this e-mail; with a name and no account yet, create one.

    Returns (learner, created). A new account gets a random password nobody knows: the
    trainer then gives her a reset code to choose her own.
    """
    user = find_by_email(email)
    created = False
    if user is None:
        if not name.strip():
            raise EnrolmentProblem("unknown_email")
        user = create_user(name, email, secrets.token_urlsafe(24), role=Role.LEARNER,
                           consent=False)
        created = True
    enrol(user, cohort)
    return user, created


def move(user: User, cohort: Cohort) -> Enrolment:
    enrolment = active_enrolment(user)
    if enrolment is None:
        raise EnrolmentProblem("not_enrolled")
    enrolment.cohort = cohort
    db.session.commit()
    return enrolment


def withdraw(user: User) -> Enrolment:
    enrolment = active_enrolment(user)
    if enrolment is None:
        raise EnrolmentProblem("not_enrolled")
    enrolment.status = WITHDRAWN
    db.session.commit()
    return enrolment
