"""Accounts: sign-up, sign-in, password changes and the sync tokens of §3.5."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from learner.accounts import sessions
from learner.extensions import db
from learner.models import Role, User
from learner.common.timeutil import utcnow

TOKEN_SALT = "sync-token"
# OWASP's scrypt settings N=2^15, r=8, p=3: as costly to guess as N=2^17, p=1 in a quarter of the
# memory (32 MiB a sign-in, so a centre signing in at once does not exhaust a small server).
PRODUCTION_METHOD = "scrypt:32768:8:3"
PASSWORD_METHOD = PRODUCTION_METHOD  # the test suite lowers it: it hashes thousands of passwords


def hash_password(password: str) -> str:
    return generate_password_hash(password, PASSWORD_METHOD)


@cache
def _dummy_hash(method: str) -> str:
    """A hash to compare against when the e-mail is unknown: both failures cost the same time."""
    return generate_password_hash("not-a-real-password", method)


class EmailTaken(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(name: str, email: str, password: str, role: Role = Role.LEARNER,
                locale: str = "es", consent: bool = True) -> User:
    if find_by_email(email):
        raise EmailTaken(email)
    user = User(name=name.strip(), email=normalise_email(email), role=role.value, locale=locale,
                password_hash=hash_password(password),
                consent_at=utcnow() if consent else None)
    db.session.add(user)
    db.session.commit()
    return user


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password check: the user, or why not (for the security log)."""

    user: User | None
    reason: str = ""  # unknown_account | wrong_password
    account_id: int | None = None


def check_password(email: str, password: str) -> SignIn:
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(PASSWORD_METHOD), password)
        return SignIn(None, "unknown_account")
    if not check_password_hash(user.password_hash, password):
        return SignIn(None, "wrong_password", user.id)
    if not user.password_hash.startswith(f"{PASSWORD_METHOD}$"):
        user.password_hash = hash_password(password)  # made with older settings: bring it up
        db.session.commit()
    return SignIn(user, account_id=user.id)


def authenticate(email: str, password: str) -> User | None:
    return check_password(email, password).user


def set_password(user: User, password: str, keep_session: str | None = None) -> None:
    """New password: every other session and every sync token issued before stops working."""
    user.password_hash = hash_password(password)
    user.token_generation += 1
    sessions.end_all(user, keep=keep_session)
    db.session.commit()


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=TOKEN_SALT)


def issue_sync_token(user: User, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"u": user.id, "g": user.token_generation})


class TokenProblem(Exception):
    """reason: token_invalid (never valid) or token_revoked (valid once) or gone (no such user)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def user_for_token(token: object, secret_key: str) -> User:
    if not isinstance(token, str):
        raise TokenProblem("token_invalid")
    try:
        data = _serializer(secret_key).loads(token)
        user_id, generation = int(data["u"]), int(data["g"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise TokenProblem("token_invalid") from None
    user = db.session.get(User, user_id)
    if user is None:
        raise TokenProblem("gone")
    if user.token_generation != generation:
        raise TokenProblem("token_revoked")
    return user


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()
