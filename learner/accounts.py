"""Accounts: sign-up, sign-in, password changes and the sync tokens of §3.5."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models import Role, User
from .timeutil import utcnow

TOKEN_SALT = "sync-token"
# A hash to compare against when the e-mail is unknown, so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


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
                password_hash=generate_password_hash(password),
                consent_at=utcnow() if consent else None)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def set_password(user: User, password: str) -> None:
    """New password; old sessions and sync tokens stop working (their generation is gone)."""
    user.password_hash = generate_password_hash(password)
    user.token_generation += 1
    db.session.commit()


def load_session_user(login_id: str) -> User | None:
    user_id, _, generation = login_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user and user.token_generation == int(generation) else None


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
