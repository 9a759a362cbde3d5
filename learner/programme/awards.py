"""Awarding places: one by one or the top N, the waitlist, withdrawals, rejections.

Every change to who holds a place runs with the centre's CallCentre row locked
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite the database's write lock, see _places_locked),
and counts the awarded under that lock: two staff members awarding at once never exceed the places."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from learner.accounts import users as accounts
from learner.accounts import enrolments
from learner.accounts import joining
from learner.programme.activation import issue_code
from learner.accounts.application_links import CREATED, EXISTING
from learner.extensions import db
from learner.models import Application, ApplicationStatus, CallCentre, Cohort, Enrolment, Role, User
from learner.programme.calls import places_left, waitlist_rest
from learner.programme.applications import OPEN_STATUSES, email_taken, rescore
from learner.common.timeutil import utcnow

AWARDED = ApplicationStatus.AWARDED.value
WAITLISTED = ApplicationStatus.WAITLISTED.value


class AwardRefused(Exception):
    """reason: not_found, not_open, no_email, full, changed, staff_email, duplicate, not_awarded,
    has_account (her account was not made by the award: no code sets its password)."""

    def __init__(self, reason: str, application: Application | None = None):
        super().__init__(reason)
        self.reason = reason
        self.application = application


@dataclass(frozen=True)
class Award:
    application: Application
    # Shown once, to print or send: only its HMAC is stored. None when she already had an
    # account: an award never hands over an account it did not make (she signs in as always).
    code: str | None
    new_account: bool


@contextmanager
def _places_locked(call_id: int, centre_id: int):
    """One transaction holding the centre's places row: commit at the end, roll back on error."""
    where = (CallCentre.call_id == call_id, CallCentre.centre_id == centre_id)
    try:
        if db.session.get_bind().dialect.name == "sqlite":
            # SQLite runs plain reads outside a transaction: a no-op write takes the database's
            # write lock first, so the count below cannot go stale before this transaction writes.
            db.session.execute(update(CallCentre).where(*where).values(places=CallCentre.places))
        place = db.session.scalar(select(CallCentre).where(*where).with_for_update())
        if place is None:
            raise AwardRefused("not_found")
        yield place
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _locked_application(application_id: int):
    """Lock the application's places, then read the application again under that lock."""
    found = db.session.get(Application, application_id)
    if found is None:
        raise AwardRefused("not_found")
    call_id, centre_id = found.call_id, found.centre_id
    db.session.rollback()  # start the locked transaction clean
    return _places_locked(call_id, centre_id)


def _reread(application_id: int) -> Application:
    return db.session.scalars(select(Application).where(Application.id == application_id)
                              .execution_options(populate_existing=True)).one()


def _account_for(application: Application) -> tuple[User, bool]:
    # An application she proved hers (reference and phone) goes to that account.
    user = application.user or accounts.find_by_email(application.email)
    if user is not None:
        if user.role != Role.LEARNER.value:
            raise AwardRefused("staff_email", application)
        return user, False
    # A random password nobody knows: she sets her own with the activation code.
    user = User(name=application.name, email=accounts.normalise_email(application.email),
                role=Role.LEARNER.value, consent_at=application.pledged_at,
                password_hash=accounts.hash_password(secrets.token_urlsafe(32)))
    db.session.add(user)
    db.session.flush()
    return user, True


def _cohort_for(application: Application) -> Cohort:
    name = f"Becarias {application.call.name}"[:120]
    cohort = db.session.scalar(select(Cohort).where(
        Cohort.centre_id == application.centre_id, Cohort.name == name))
    if cohort is None:
        # The centre's facilitadora (of its latest cohort) follows the new group too.
        trainer_id = db.session.scalar(select(Cohort.trainer_id).where(
            Cohort.centre_id == application.centre_id, Cohort.trainer_id.is_not(None))
            .order_by(Cohort.id.desc()).limit(1))
        cohort = Cohort(name=name, centre_id=application.centre_id, trainer_id=trainer_id)
        db.session.add(cohort)
        db.session.flush()
    return cohort


def _grant(application: Application, staff: User, secret: str) -> Award:
    """Award under the lock: account, cohort, code. The caller checked the places left.

    An account the award makes is enrolled and gets the code that sets its password. An account
    she already had gets neither: the e-mail typed into an application proves nothing, so she
    is asked to join the group from her own account (DESIGN 3.9)."""
    if application.email is None and application.user is None:
        raise AwardRefused("no_email", application)
    user, new_account = _account_for(application)
    application.status, application.user_id = AWARDED, user.id
    application.user_link = CREATED if new_account else (application.user_link or EXISTING)
    application.decided_by_id, application.decided_at = staff.id, utcnow()
    cohort = _cohort_for(application)
    if not new_account:
        application.activation_hash = application.activation_expires_at = None
        current = enrolments.active_enrolment(user)
        if current is None or current.cohort_id != cohort.id:
            joining.ask(user, cohort, staff, joining.FROM_AWARD)
        return Award(application, None, False)
    enrolments.place(user, cohort)
    return Award(application, issue_code(application, secret), True)


def award_one(application_id: int, staff: User, secret: str) -> Award:
    with _locked_application(application_id) as place:
        application = _reread(application_id)
        if application.status not in OPEN_STATUSES:
            raise AwardRefused("not_open", application)
        left = places_left(place)
        if left <= 0:
            raise AwardRefused("full", application)
        award = _grant(application, staff, secret)
        if left == 1:
            waitlist_rest(place.call_id, place.centre_id)
    return award


def ranked(call_id: int, centre_id: int, statuses: tuple[str, ...]):
    """Applications in award order: score, then who applied first."""
    return (select(Application).where(
        Application.call_id == call_id, Application.centre_id == centre_id,
        Application.status.in_(statuses))
        .order_by(Application.score.desc(), Application.created_at, Application.id))


def award_top(call_id: int, centre_id: int, n: int, staff: User, secret: str,
              expected_left: int | None = None) -> list[Award]:
    """Award the best N still open, never more than the places left; the rest may wait."""
    with _places_locked(call_id, centre_id) as place:
        left = places_left(place)
        if expected_left is not None and left != expected_left:
            raise AwardRefused("changed")  # someone awarded meanwhile, or the form was sent again
        if left <= 0:
            raise AwardRefused("full")
        chosen = db.session.scalars(ranked(call_id, centre_id, OPEN_STATUSES)
                                    .where(Application.email.is_not(None))
                                    .limit(min(n, left))
                                    .execution_options(populate_existing=True)).all()
        awards = [_grant(application, staff, secret) for application in chosen]
        if len(awards) == left:
            waitlist_rest(call_id, centre_id)
    return awards


def withdraw(application_id: int, staff: User, secret: str) -> Award | None:
    """She leaves: her place goes to the first on the waitlist, who is returned (with her code)."""
    with _locked_application(application_id) as place:
        application = _reread(application_id)
        if application.status in (ApplicationStatus.WITHDRAWN.value, ApplicationStatus.REJECTED.value):
            raise AwardRefused("not_open", application)
        was_awarded = application.status == AWARDED
        application.status = ApplicationStatus.WITHDRAWN.value
        application.decided_by_id, application.decided_at = staff.id, utcnow()
        application.activation_hash = None
        if not was_awarded:
            return None
        cohort_id = _cohort_for(application).id
        left = db.session.execute(update(Enrolment).where(
            Enrolment.user_id == application.user_id, Enrolment.cohort_id == cohort_id,
            Enrolment.status == "active").values(status="withdrawn"))
        if left.rowcount:
            enrolments.end_period(application.user_id)
        joining.cancel(application.user_id, cohort_id)
        following = db.session.scalars(ranked(place.call_id, place.centre_id, (WAITLISTED,))
                                       .limit(1).execution_options(populate_existing=True)).first()
        if following is None or places_left(place) <= 0:
            return None
        return _grant(following, staff, secret)


def reject(application_id: int, staff: User) -> None:
    with _locked_application(application_id):
        application = _reread(application_id)
        if application.status not in OPEN_STATUSES + (ApplicationStatus.NEEDS_EMAIL.value,):
            raise AwardRefused("not_open", application)
        application.status = ApplicationStatus.REJECTED.value
        application.decided_by_id, application.decided_at = staff.id, utcnow()


def add_email(application_id: int, email: str, config: dict) -> Application:
    """Her centre helped her create an e-mail: she is scored again and can be awarded."""
    email = accounts.normalise_email(email)
    try:
        with _locked_application(application_id) as place:
            application = _reread(application_id)
            if application.status != ApplicationStatus.NEEDS_EMAIL.value:
                raise AwardRefused("not_open", application)
            if email_taken(application.call_id, email):
                raise AwardRefused("duplicate", application)
            application.email = email
            rescore(application, config)
            application.status = WAITLISTED if places_left(place) <= 0 else \
                ApplicationStatus.SUBMITTED.value
    except IntegrityError:  # another application of the call took this e-mail meanwhile
        raise AwardRefused("duplicate") from None
    return application


def renew_code(application_id: int, secret: str) -> Award:
    """A new code for an awarded applicant whose account the award made (lost, expired, or a
    forgotten password). Never for an account she had before: that would hand it over."""
    application = db.session.get(Application, application_id)
    if application is None or application.status != AWARDED:
        raise AwardRefused("not_awarded", application)
    if application.user_link != CREATED:
        raise AwardRefused("has_account", application)
    code = issue_code(application, secret)
    db.session.commit()
    return Award(application, code, False)
