"""Server-side sessions (ASVS 7.4.1): started at every sign-in, ended at logout or by a password change."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from .extensions import db
from .models import User, UserSession
from .timeutil import utcnow

# last_seen_at is only written when older than this: one small write an hour, not one per page.
SEEN_EVERY = timedelta(hours=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, user_agent: str, lifetime: timedelta) -> str:
    """A new session for her on this browser; returns the key the cookies will carry. `lifetime`
    is the remember-me cookie's (REMEMBER_COOKIE_DURATION): a session lives no longer."""
    key = secrets.token_urlsafe(32)
    # Most learners never log out: clear her sessions nobody has used for a whole lifetime.
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.last_seen_at < utcnow() - lifetime))
    db.session.add(UserSession(key_hash=_hash(key), user_id=user.id,
                               user_agent=summarise_agent(user_agent)))
    db.session.commit()
    user.session_key = key
    return key


def load(key: str, lifetime: timedelta) -> User | None:
    """The user of a live session, or None when it was ended, unused for a lifetime, or unknown."""
    if not isinstance(key, str) or not 20 <= len(key) <= 100:
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.key_hash == _hash(key)))
    if record is None or utcnow() - record.last_seen_at > lifetime:
        return None
    if utcnow() - record.last_seen_at > SEEN_EVERY:
        record.last_seen_at = utcnow()
        db.session.commit()
    user = record.user
    user.session_key = key
    return user


def end(key: str | None) -> None:
    if key:
        db.session.execute(delete(UserSession).where(UserSession.key_hash == _hash(key)))
        db.session.commit()


def end_all(user: User, keep: str | None = None) -> None:
    """End every session of hers (a password change, a 2FA reset), except `keep` if given."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.key_hash != _hash(keep))
    db.session.execute(query)


def summarise_agent(user_agent: str) -> str:
    """'Android · Chrome' rather than the whole string: enough for her to recognise a phone."""
    agent = user_agent or ""
    system = next((name for name in ("Android", "iPhone", "Windows", "Mac OS", "Linux")
                   if name in agent), "")
    browser = next((name for name in ("Edg", "Firefox", "SamsungBrowser", "Chrome", "Safari")
                    if name in agent), "")
    return " · ".join(part for part in (system, browser) if part)[:80]
