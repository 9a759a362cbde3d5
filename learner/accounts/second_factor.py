"""Second factor for staff (ASVS 6.3.3, L2): TOTP codes from an authenticator app on her phone.

Enrolment keeps a secret on the account until a first code proves the app has it; from then on
her password alone does not sign her in. A code is accepted once (its time step is remembered),
with one step of clock drift either side. A coordinator can reset it when a phone is lost.
The secret is stored encrypted (secret_box): the callers pass the box holding the app's key.
"""

from __future__ import annotations

import hmac
import re
import time

import pyotp
from sqlalchemy import or_, update

from learner.common import log as security_log
from learner.accounts import sessions
from learner.extensions import db
from learner.models import Role, User
from learner.common.secret_box import SecretBox
from learner.common.timeutil import utcnow

ISSUER = "Mujeres Online"
DRIFT_STEPS = 1  # a phone clock 30 s off still works


class CannotReset(ValueError):
    """A coordinator resets another staff member's second factor: never her own, never a learner's."""


def clean_code(text: str | None) -> str:
    return re.sub(r"[\s-]", "", text or "")


def must_enrol(user: User) -> bool:
    """Staff without a second factor: where it is required, she enrols before other pages."""
    return user.is_staff and not user.has_totp


def code_at_sign_in(user: User) -> bool:
    """Her password alone no longer signs her in: a code from her app must follow."""
    return user.is_staff and user.has_totp


def needs_code(user: User, required: bool) -> bool:
    """Whether signing her in takes a code (so a password-less switch must not do it)."""
    return code_at_sign_in(user) or (required and must_enrol(user))


def pending_secret(user: User, box: SecretBox) -> str:
    """The secret she enrols with: made once, kept until she confirms it (or it is reset). One
    sealed with a key since changed is replaced: she has not confirmed it, nothing is lost."""
    if user.has_totp:
        raise ValueError("already enrolled")
    secret = box.open(user.totp_secret)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret = box.seal(secret)
        db.session.commit()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    current = int(now) // totp.interval
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_code(user: User, typed: str | None, box: SecretBox, now: float | None = None) -> bool:
    """A right code, not used before: accepted and spent."""
    code = clean_code(typed)
    if not user.totp_secret or not re.fullmatch(r"\d{6}", code):
        return False
    secret = box.open(user.totp_secret)
    if secret is None:
        # The key changed (TOTP_KEY, or SECRET_KEY without one): no code can match until a
        # coordinator resets hers and she enrols again.
        security_log.event("2fa secret unreadable", account=user.id)
        return False
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None or not _spend(user, step):
        security_log.event("2fa code refused", account=user.id)
        return False
    return True


def _spend(user: User, step: int) -> bool:
    """Remember the step as used, unless it (or a later one) already is: one atomic UPDATE, so
    two requests racing with the same code cannot both read "unused" and both accept it."""
    spent = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False))
    db.session.commit()  # expires her object: it reloads the step really stored
    return spent.rowcount == 1


def confirm(user: User, typed: str | None, box: SecretBox,
            keep_session: str | None = None) -> bool:
    """Her first right code turns the second factor on, and ends her sessions but `keep_session`:
    they were opened with the password alone."""
    if user.has_totp or not check_code(user, typed, box):
        return False
    user.totp_enabled_at = utcnow()
    sessions.end_all(user, keep=keep_session)
    db.session.commit()
    security_log.event("2fa enrolled", account=user.id)
    return True


def reset(member: User, coordinator: User) -> None:
    """A lost phone: her second factor and her sessions end; she enrols again at next sign-in."""
    # Another coordinator may reset hers, so nobody is locked out; nobody resets her own.
    if not member.is_staff or member.id == coordinator.id:
        raise CannotReset(member.id)
    member.totp_secret = member.totp_enabled_at = member.totp_last_step = None
    sessions.end_all(member)
    db.session.commit()
    security_log.event("2fa reset", account=member.id, by=coordinator.id)


def staff_list(coordinator: User) -> list[User]:
    """Trainers first, then the other coordinators: whose second factor she may reset."""
    staff = (Role.TRAINER.value, Role.COORDINATOR.value)
    return list(db.session.scalars(
        db.select(User).where(User.role.in_(staff), User.id != coordinator.id)
        .order_by(User.role.desc(), User.name)))
