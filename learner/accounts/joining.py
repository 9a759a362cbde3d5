"""Joining a centre needs her consent (DESIGN 3.9): staff never pull an existing account in.

Three ways in: she chooses her centre at sign-up (its trainers then accept her into a group);
staff ask and she accepts from her own account; or she gives the trainer her join code in
person. Until a trainer accepts a sign-up, that centre may still look up her receipts."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from learner.accounts import enrolments
from learner.accounts.users import create_user, find_by_email
from learner.accounts.enrolments import EnrolmentProblem
from learner.extensions import db
from learner.models import Centre, Cohort, JoinRequest, Role, User
from learner.common.codes import ALPHABET
from learner.accounts.scope import scope_centres
from learner.common.timeutil import utcnow

FROM_SIGNUP, FROM_TRAINER, FROM_AWARD = "signup", "trainer", "award"
PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


class JoinProblem(Exception):
    """reason: not_found (absent, not hers, not pending, not in scope) | wrong_cohort"""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def join_code(user: User, secret: str) -> str:
    """Her code to give in person, e.g. K7PQ-2MXA; a new one after a password change."""
    digest = hmac.new(secret.encode(), f"join:{user.id}:{user.token_generation}".encode(),
                      hashlib.sha256).digest()
    chars = "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:8])
    return f"{chars[:4]}-{chars[4:]}"


def code_matches(user: User, text: str, secret: str) -> bool:
    # ASCII only: compare_digest refuses other text, and a code is made of ALPHABET.
    clean = "".join(c for c in (text or "").upper() if c.isascii() and c.isalnum())
    expected = join_code(user, secret).replace("-", "")
    return len(clean) == len(expected) and hmac.compare_digest(clean, expected)


def _pending(user: User, centre_id: int, source: str) -> JoinRequest | None:
    return db.session.scalar(select(JoinRequest).where(
        JoinRequest.user_id == user.id, JoinRequest.centre_id == centre_id,
        JoinRequest.source == source, JoinRequest.status == PENDING))


def ask(user: User, cohort: Cohort, staff: User | None, source: str) -> JoinRequest:
    """Staff (a trainer, or an award) ask her to join this cohort; she decides. No commit."""
    found = _pending(user, cohort.centre_id, source)
    if found is None:
        found = JoinRequest(user_id=user.id, centre_id=cohort.centre_id, source=source)
        db.session.add(found)
    found.cohort_id, found.requested_by_id = cohort.id, staff.id if staff else None
    db.session.flush()
    return found


def chose_at_signup(user: User, centre: Centre) -> JoinRequest:
    """She chose this centre herself: its trainers see her as a new learner. No commit."""
    found = JoinRequest(user_id=user.id, centre_id=centre.id, source=FROM_SIGNUP)
    db.session.add(found)
    db.session.flush()
    return found


def settle(user: User, centre_id: int) -> None:
    """She is in a group of this centre now: her open requests for it are done."""
    for found in db.session.scalars(select(JoinRequest).where(
            JoinRequest.user_id == user.id, JoinRequest.centre_id == centre_id,
            JoinRequest.status == PENDING)):
        found.status, found.decided_at = ACCEPTED, utcnow()


def cancel(user_id: int, cohort_id: int) -> None:
    """Staff take back what they asked (a withdrawn award): a pending request goes away."""
    for found in db.session.scalars(select(JoinRequest).where(
            JoinRequest.user_id == user_id, JoinRequest.cohort_id == cohort_id,
            JoinRequest.status == PENDING, JoinRequest.source != FROM_SIGNUP)):
        found.status, found.decided_at = DECLINED, utcnow()


def invite_by_email(email: str, cohort: Cohort, staff: User, secret: str, name: str = "",
                    code: str = "") -> tuple[User, str]:
    """A trainer adds a learner by e-mail. Returns (learner, outcome); commits.

    outcome: created (no account yet and a name given: a new account with a random password
    nobody knows; the trainer then gives her a reset code), enrolled (she gave the trainer her
    join code in person) or requested (she accepts from her own account)."""
    user = find_by_email(email)
    if user is None:
        if not name.strip():
            raise EnrolmentProblem("unknown_email")
        user = create_user(name, email, secrets.token_urlsafe(24), role=Role.LEARNER,
                           consent=False)
        enrolments.enrol(user, cohort)
        return user, "created"
    if user.role != Role.LEARNER.value:
        raise EnrolmentProblem("not_a_learner")
    current = enrolments.active_enrolment(user)
    if current is not None:
        raise EnrolmentProblem("already_here" if current.cohort_id == cohort.id
                               else "enrolled_elsewhere", current.cohort)
    if code and code_matches(user, code, secret):
        enrolments.place(user, cohort)
        settle(user, cohort.centre_id)
        db.session.commit()
        return user, "enrolled"
    ask(user, cohort, staff, FROM_TRAINER)
    db.session.commit()
    return user, "requested"


def for_learner(user: User) -> list[JoinRequest]:
    """What staff asked her, waiting for her answer."""
    return list(db.session.scalars(select(JoinRequest).where(
        JoinRequest.user_id == user.id, JoinRequest.status == PENDING,
        JoinRequest.source != FROM_SIGNUP, JoinRequest.cohort_id.is_not(None))
        .order_by(JoinRequest.created_at)))


def answer(user: User, request_id: int, accept: bool) -> JoinRequest:
    """She accepts (enrolled, or moved, there) or declines a request made to her. Commits."""
    found = answer_allowed(user, request_id)
    if accept:
        enrolments.join(user, found.cohort)
        settle(user, found.centre_id)
    else:
        found.status, found.decided_at = DECLINED, utcnow()
    db.session.commit()
    return found


def new_learners(staff: User) -> list[JoinRequest]:
    """Women who chose one of the staff's centres at sign-up and wait for a group."""
    return list(db.session.scalars(scope_centres(select(JoinRequest).where(
        JoinRequest.source == FROM_SIGNUP, JoinRequest.status == PENDING), JoinRequest.centre_id,
        staff).order_by(JoinRequest.created_at)))


def signup_in_scope(staff: User, request_id: int) -> JoinRequest:
    found = db.session.scalar(scope_centres(select(JoinRequest).where(
        JoinRequest.id == request_id, JoinRequest.source == FROM_SIGNUP,
        JoinRequest.status == PENDING), JoinRequest.centre_id, staff))
    if found is None:
        raise JoinProblem("not_found")
    return found


def accept_signup(found: JoinRequest, cohort: Cohort) -> None:
    """A trainer takes her into a group of the centre she chose. Commits."""
    if cohort.centre_id != found.centre_id:
        raise JoinProblem("wrong_cohort")
    enrolments.join(found.user, cohort)
    settle(found.user, found.centre_id)
    db.session.commit()


def decline_signup(found: JoinRequest) -> None:
    found.status, found.decided_at = DECLINED, utcnow()
    db.session.commit()


def pending_signup_learners(staff: User):
    """Ids of learners waiting for one of the staff's centres (their receipts may be looked up)."""
    return scope_centres(select(JoinRequest.user_id).where(
        JoinRequest.source == FROM_SIGNUP, JoinRequest.status == PENDING),
        JoinRequest.centre_id, staff)


def answer_allowed(user: User, request_id: int) -> JoinRequest:
    """A request made to her and still waiting, or JoinProblem (the same for absent and not hers)."""
    found = db.session.get(JoinRequest, request_id)
    if found is None or found.user_id != user.id or found.status != PENDING \
            or found.source == FROM_SIGNUP or found.cohort is None:
        raise JoinProblem("not_found")
    return found
