"""Staff support: one-time password reset codes a trainer gives a learner in person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow
from learner.models.people import User


class PasswordResetCode(db.Model):
    """A 6-digit code, stored only as a salted hash; the row itself is the log of who gave it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Wrong guesses against this code; past the limit the code stops working.
    failed_attempts: Mapped[int] = mapped_column(default=0)
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
