"""Server-side sessions (ASVS 7.4.1): started at every sign-in, ended at logout or by a password change.

Learners keep a session as long as the remember-me cookie (offline phones); staff sessions also
end after an idle time and an absolute lifetime (ASVS 7.3.1/7.3.2, L2)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, select

from learner.extensions import db
from learner.models import User, UserSession
from learner.common.timeutil import utcnow

# last_seen_at is only written when older than this: one small write an hour, not one per page.
SEEN_EVERY = timedelta(hours=1)
# Staff rows are written more often, since their idle time is measured from last_seen_at: a
# staff session may end up to this much before her idle time, never after it.
STAFF_SEEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Limits:
    lifetime: timedelta  # anyone's session unused this long ends (the remember-me cookie's)
    staff_idle: timedelta
    staff_lifetime: timedelta  # from sign-in, however busy she is

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(config["REMEMBER_COOKIE_DURATION"], config["STAFF_SESSION_IDLE"],
                   config["STAFF_SESSION_LIFETIME"])

    def ended(self, record: UserSession, staff: bool, now) -> bool:
        if now - record.last_seen_at > self.lifetime:
            return True
        return staff and (now - record.last_seen_at > self.staff_idle
                          or now - record.created_at > self.staff_lifetime)

    def ended_rows(self, user: User, now):
        """A condition matching her rows that `ended` would refuse."""
        condition = UserSession.last_seen_at < now - self.lifetime
        if user.is_staff:
            condition = or_(condition, UserSession.last_seen_at < now - self.staff_idle,
                            UserSession.created_at < now - self.staff_lifetime)
        return condition


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, user_agent: str, limits: Limits) -> str:
    """A new session for her on this browser; returns the key the cookies will carry."""
    key = secrets.token_urlsafe(32)
    # Most learners never log out: clear her sessions that can no longer be used.
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 limits.ended_rows(user, utcnow())))
    db.session.add(UserSession(key_hash=_hash(key), user_id=user.id,
                               user_agent=summarise_agent(user_agent)))
    db.session.commit()
    user.session_key = key
    return key


def load(key: str, limits: Limits) -> User | None:
    """The user of a live session, or None when it was ended, timed out, or unknown."""
    if not isinstance(key, str) or not 20 <= len(key) <= 100:
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.key_hash == _hash(key)))
    if record is None:
        return None
    now, staff = utcnow(), record.user.is_staff
    if limits.ended(record, staff, now):
        db.session.delete(record)  # neither cookie can bring a timed-out session back
        db.session.commit()
        return None
    if now - record.last_seen_at > (STAFF_SEEN_EVERY if staff else SEEN_EVERY):
        record.last_seen_at = now
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
