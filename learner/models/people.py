"""People and places: users with roles, regions, centres, cohorts, enrolments."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow

class Role(str, enum.Enum):
    LEARNER = "learner"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"


class Region(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    centres: Mapped[list[Centre]] = relationship(back_populates="region", order_by="Centre.name")


class Centre(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    region: Mapped[Region] = relationship(back_populates="centres")
    __table_args__ = (UniqueConstraint("region_id", "name"),)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.LEARNER.value, index=True)
    locale: Mapped[str] = mapped_column(String(5), default="es")
    # Bumped on a password change: it revokes every sync token and remember-me cookie issued before.
    token_generation: Mapped[int] = mapped_column(default=0)
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Second factor for staff (TOTP): a secret is kept while she enrols; enabled once confirmed.
    # Fernet-encrypted (secret_box.py): the server must read it back, so it cannot be hashed.
    totp_secret: Mapped[str | None] = mapped_column(String(200))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]  # the last time step accepted: a code works only once
    # The key of the server-side session this object was loaded for (not a column).
    session_key = None  # str while loaded for a session

    def get_id(self) -> str | None:
        # Flask-Login's alternative token: the login id is the session record's key, so deleting
        # the record ends the session cookie and the remember-me cookie alike.
        return self.session_key

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.TRAINER.value, Role.COORDINATOR.value)

    @property
    def has_totp(self) -> bool:
        return self.totp_enabled_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}


class Cohort(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    centre: Mapped[Centre] = relationship()
    trainer: Mapped[User | None] = relationship()


class Enrolment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | withdrawn
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship()
    cohort: Mapped[Cohort] = relationship()


class EnrolmentPeriod(db.Model):
    """When she was in a cohort: a trainer sees only what arrived while she was in one of hers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]  # None while she is still in it


class JoinRequest(db.Model):
    """Her way into a centre, waiting for the side that did not ask.

    source: signup (she chose the centre; its trainers accept her into a group), trainer or award
    (staff asked; she accepts from her own account). status: pending, accepted, declined."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"))  # None: the trainer picks
    source: Mapped[str] = mapped_column(String(10))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    centre: Mapped[Centre] = relationship()
    cohort: Mapped[Cohort | None] = relationship()
