"""Certificates of completed modules, and modules a coordinator opened for a learner directly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow
from learner.models.people import Centre, User


class Certificate(db.Model):
    """One per learner and module. The facts printed on it are snapshots: a later change of
    name, centre or module title must not change a certificate already shared."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # 16 chars of receipts.ALPHABET
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(60))
    module_title: Mapped[str] = mapped_column(String(120))
    learner_name: Mapped[str] = mapped_column(String(120))
    hours: Mapped[int]
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="SET NULL"),
                                                  index=True)
    centre_name: Mapped[str] = mapped_column(String(120), default="")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    viewed_at: Mapped[datetime | None]  # first time she opened it: until then, "¡Felicidades!"
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(300))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    centre: Mapped[Centre | None] = relationship()
    __table_args__ = (UniqueConstraint("user_id", "module_slug", name="uq_certificate_user_module"),)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class ModuleGrant(db.Model):
    """A locked module (the Emprendimiento scholarship) opened for a learner by a coordinator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(60))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("user_id", "module_slug", name="uq_grant_user_module"),)
