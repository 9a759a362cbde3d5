"""Activation codes: an awarded applicant sets her password with one, once, within 30 days."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from learner.accounts import users as accounts
from learner.extensions import db
from learner.models import Application, ApplicationStatus, User
from learner.common.codes import ALPHABET
from learner.common.timeutil import utcnow

ACTIVATION_DAYS = 30
CODE_LENGTH = 10  # 31 ** 10 ≈ 8e14 codes


class ActivationRefused(Exception):
    """reason: invalid (no such code, or used) or expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_activation_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def normalise_code(text: str) -> str:
    clean = "".join(c for c in (text or "").upper() if c.isalnum())
    return clean if len(clean) == CODE_LENGTH else ""


def code_digest(code: str, secret: str) -> str:
    # A keyed hash, so the code can be looked up and a copy of the database alone cannot guess it.
    return hmac.new(secret.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def code_matches(application: Application, code: str, secret: str) -> bool:
    return bool(application.activation_hash and normalise_code(code)) and hmac.compare_digest(
        application.activation_hash, code_digest(code, secret))


def issue_code(application: Application, secret: str, now: datetime | None = None) -> str:
    """A fresh code (the old one stops working); the caller commits."""
    code = new_activation_code()
    application.activation_hash = code_digest(code, secret)
    application.activation_expires_at = (now or utcnow()) + timedelta(days=ACTIVATION_DAYS)
    return code


def activate(code: str, password: str, secret: str) -> User:
    """Her code sets her password once; then it is spent."""
    if not normalise_code(code):
        raise ActivationRefused("invalid")
    application = db.session.scalar(select(Application).where(
        Application.activation_hash == code_digest(code, secret)))
    awarded = application is not None and application.status == ApplicationStatus.AWARDED.value
    # Only an account the award itself made: a code never sets the password of one she had.
    if not awarded or application.user is None or application.user_link != "created":
        raise ActivationRefused("invalid")
    if application.activation_expires_at < utcnow():
        raise ActivationRefused("expired")
    application.activation_hash = None
    application.activated_at = utcnow()
    accounts.set_password(application.user, password)  # commits, and ends older sessions
    return application.user
