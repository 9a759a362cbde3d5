"""One-time password reset codes: a trainer issues one in person, the learner redeems it.

No e-mail is involved: many learners share a phone and rarely read their mail. The code is
6 digits, valid 30 minutes, single use; only an HMAC of it is stored, keyed by the app secret,
so a copy of the database alone does not reveal live codes.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from learner.accounts.users import find_by_email
from learner.extensions import db
from learner.models import PasswordResetCode, Role, User
from learner.common.timeutil import utcnow

log = logging.getLogger(__name__)

VALID_FOR = timedelta(minutes=30)
MAX_PER_LEARNER_PER_HOUR = 3
MAX_PER_STAFF_PER_HOUR = 30
MAX_WRONG_GUESSES = 5
# Codes older than this are not even compared: enough to tell "used"/"expired" from "wrong".
LOOKBACK = timedelta(days=1)


class Status(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # past its 30 minutes, or replaced by a newer code
    USED = "used"
    LOCKED = "locked"  # too many wrong guesses


class NotALearner(Exception):
    """Codes are only for learner accounts: a trainer must never reset a staff password."""


class TooManyCodes(Exception):
    pass


@dataclass(frozen=True)
class Redemption:
    status: Status
    user: User | None = None


def clean_code(text: str) -> str:
    """What the learner typed, digits only ("123 456" and "123-456" are fine)."""
    return "".join(c for c in text if c.isdigit())


def _digest(secret_key: str, user_id: int, salt: str, code: str) -> str:
    message = f"{user_id}:{salt}:{code}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def _matches(row: PasswordResetCode, code: str, secret_key: str) -> bool:
    salt, _, digest = row.code_hash.partition("$")
    return hmac.compare_digest(digest, _digest(secret_key, row.user_id, salt, code))


def _count_since(column, value: int, since: datetime) -> int:
    return db.session.scalar(select(func.count(PasswordResetCode.id)).where(
        column == value, PasswordResetCode.created_at >= since))


def issue_code(learner: User, staff: User, secret_key: str,
               now: datetime | None = None) -> tuple[str, PasswordResetCode]:
    """A new code for the learner (older live codes stop working); the row logs who gave it."""
    now = now or utcnow()
    if learner.role != Role.LEARNER.value:
        raise NotALearner(learner.id)
    hour_ago = now - timedelta(hours=1)
    if (_count_since(PasswordResetCode.user_id, learner.id, hour_ago) >= MAX_PER_LEARNER_PER_HOUR
            or _count_since(PasswordResetCode.created_by_id, staff.id, hour_ago)
            >= MAX_PER_STAFF_PER_HOUR):
        raise TooManyCodes(learner.id)
    db.session.execute(update(PasswordResetCode).where(
        PasswordResetCode.user_id == learner.id, PasswordResetCode.used_at.is_(None),
        PasswordResetCode.expires_at > now).values(expires_at=now))
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    row = PasswordResetCode(user_id=learner.id, created_by_id=staff.id, created_at=now,
                            expires_at=now + VALID_FOR,
                            code_hash=f"{salt}${_digest(secret_key, learner.id, salt, code)}")
    db.session.add(row)
    db.session.commit()
    log.info("reset code %s issued for user %s by user %s", row.id, learner.id, staff.id)
    return code, row


def redeem(email: str, typed_code: str, secret_key: str, now: datetime | None = None) -> Redemption:
    """Check a code and claim it (status OK); the caller then sets the password and commits."""
    now = now or utcnow()
    code = clean_code(typed_code)
    user = find_by_email(email)
    if user is None or len(code) != 6:
        return Redemption(Status.WRONG)
    recent = db.session.scalars(
        select(PasswordResetCode)
        .where(PasswordResetCode.user_id == user.id, PasswordResetCode.created_at >= now - LOOKBACK)
        .order_by(PasswordResetCode.created_at.desc()).limit(10)).all()
    row = next((r for r in recent if _matches(r, code, secret_key)), None)
    if row is None:
        _count_wrong_guess(user, now)
        return Redemption(Status.WRONG)
    if row.used_at is not None:
        return Redemption(Status.USED)
    if row.expires_at <= now:
        return Redemption(Status.EXPIRED)
    if row.failed_attempts >= MAX_WRONG_GUESSES:
        return Redemption(Status.LOCKED)
    # A conditional update, so two requests racing with one code cannot both succeed.
    claimed = db.session.execute(update(PasswordResetCode).where(
        PasswordResetCode.id == row.id, PasswordResetCode.used_at.is_(None)).values(used_at=now))
    if claimed.rowcount != 1:
        db.session.rollback()
        return Redemption(Status.USED)
    log.info("reset code %s used by user %s", row.id, user.id)
    return Redemption(Status.OK, user)


def _count_wrong_guess(user: User, now: datetime) -> None:
    """A wrong guess counts against her live codes: guessing 1 in a million must stay hopeless."""
    db.session.execute(update(PasswordResetCode).where(
        PasswordResetCode.user_id == user.id, PasswordResetCode.used_at.is_(None),
        PasswordResetCode.expires_at > now,
    ).values(failed_attempts=PasswordResetCode.failed_attempts + 1))
    db.session.commit()


def history(learner_id: int, limit: int = 10) -> list[PasswordResetCode]:
    """The latest codes given to a learner, with who gave them: the log a trainer can read."""
    return list(db.session.scalars(
        select(PasswordResetCode).where(PasswordResetCode.user_id == learner_id)
        .options(joinedload(PasswordResetCode.created_by))
        .order_by(PasswordResetCode.created_at.desc()).limit(limit)))
