"""Enrolment: add a learner to a cohort (with her consent), move her, mark her as withdrawn.

A learner has at most one active enrolment. Moving changes the cohort of that enrolment (one
row); every stay in a cohort is also an EnrolmentPeriod, so a trainer sees only what arrived
while the learner was in one of her cohorts. A move between centres goes to the security log.
Scope checks (which cohorts and learners the trainer may touch) are the caller's job.
"""

from __future__ import annotations

from sqlalchemy import event, select, update

from learner.common import log as security_log
from learner.extensions import db
from learner.models import Cohort, Enrolment, EnrolmentPeriod, Role, User
from learner.common.timeutil import utcnow

ACTIVE, WITHDRAWN = "active", "withdrawn"


class EnrolmentProblem(Exception):
    """reason: not_a_learner | unknown_email | enrolled_elsewhere | already_here | not_enrolled"""

    def __init__(self, reason: str, cohort: Cohort | None = None):
        super().__init__(reason)
        self.reason, self.cohort = reason, cohort


@event.listens_for(Enrolment, "after_insert")
def _first_period(_mapper, connection, enrolment: Enrolment) -> None:
    # Every enrolment row starts a period, however it was made (award, trainer, demo, a test).
    connection.execute(EnrolmentPeriod.__table__.insert().values(
        user_id=enrolment.user_id, cohort_id=enrolment.cohort_id,
        started_at=enrolment.created_at or utcnow()))


def end_period(user_id: int) -> None:
    """Close her open period(s): she left her cohort."""
    db.session.execute(update(EnrolmentPeriod).where(
        EnrolmentPeriod.user_id == user_id, EnrolmentPeriod.ended_at.is_(None))
        .values(ended_at=utcnow()))


def _start_period(user_id: int, cohort_id: int) -> None:
    end_period(user_id)
    db.session.add(EnrolmentPeriod(user_id=user_id, cohort_id=cohort_id, started_at=utcnow()))


def active_enrolment(user: User) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id,
                                                     Enrolment.status == ACTIVE))


def place(user: User, cohort: Cohort) -> Enrolment:
    """Put her in the cohort (new row, or a withdrawn one back to life); flushes, no commit."""
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.user_id == user.id, Enrolment.cohort_id == cohort.id))
    if enrolment is None:
        enrolment = Enrolment(user=user, cohort=cohort)
        db.session.add(enrolment)
    elif enrolment.status != ACTIVE:
        enrolment.status = ACTIVE
        _start_period(user.id, cohort.id)
    db.session.flush()
    return enrolment


def enrol(user: User, cohort: Cohort) -> Enrolment:
    """Add a learner who agreed; a withdrawn enrolment in the same cohort comes back to life."""
    if user.role != Role.LEARNER.value:
        raise EnrolmentProblem("not_a_learner")
    current = active_enrolment(user)
    if current is not None:
        raise EnrolmentProblem("already_here" if current.cohort_id == cohort.id
                               else "enrolled_elsewhere", current.cohort)
    enrolment = place(user, cohort)
    db.session.commit()
    return enrolment


def _log_move(user: User, old: Cohort, new: Cohort, by: User | None) -> None:
    if old.centre_id != new.centre_id:
        security_log.event("learner moved between centres", learner=user.id,
                           from_centre=old.centre_id, to_centre=new.centre_id,
                           by=by.id if by else "herself")


def move(user: User, cohort: Cohort, by: User | None = None) -> Enrolment:
    enrolment = active_enrolment(user)
    if enrolment is None:
        raise EnrolmentProblem("not_enrolled")
    if enrolment.cohort_id != cohort.id:
        _log_move(user, enrolment.cohort, cohort, by)
        enrolment.cohort = cohort
        _start_period(user.id, cohort.id)
    db.session.commit()
    return enrolment


def join(user: User, cohort: Cohort) -> Enrolment:
    """She accepted a request: enrolled there, moved there if she was in another group."""
    current = active_enrolment(user)
    if current is None:
        enrolment = place(user, cohort)
    elif current.cohort_id == cohort.id:
        enrolment = current
    else:
        _log_move(user, current.cohort, cohort, None)
        current.cohort = cohort
        _start_period(user.id, cohort.id)
        enrolment = current
    db.session.flush()
    return enrolment


def withdraw(user: User) -> Enrolment:
    enrolment = active_enrolment(user)
    if enrolment is None:
        raise EnrolmentProblem("not_enrolled")
    enrolment.status = WITHDRAWN
    end_period(user.id)
    db.session.commit()
    return enrolment
