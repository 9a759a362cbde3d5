"""Server-side sign-in sessions: the cookie holds only a random key; the row is what counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow
from learner.models.people import User


class UserSession(db.Model):
    """One sign-in on one browser; deleting the row ends the session and its remember-me cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the key in the cookie: a copy of this table does not sign anybody in.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(80), default="")
    user: Mapped[User] = relationship()
