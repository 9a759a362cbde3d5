"""A learner's profile on a phone: a per-device credential to switch to her without a password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow
from learner.models.people import User


class DeviceProfile(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    device: Mapped[str] = mapped_column(String(36))  # the phone's install UUID (outbox.js deviceId)
    secret_hash: Mapped[str] = mapped_column(String(64))  # sha256 of a 256-bit random secret
    # sha256 of the proof the phone derives from her PIN (and a salt only the phone holds);
    # NULL for a credential made before switches had to prove the PIN: it switches nobody.
    pin_verifier: Mapped[str | None] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0, server_default="0")  # wrong PINs in a row
    issued_at: Mapped[datetime | None]  # when the current secret was made (expiry counts from it)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()
    __table_args__ = (UniqueConstraint("user_id", "device"),)
