"""The scholarship call: a period, places per centre, and the applications it receives."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from learner.extensions import db
from learner.common.names import name_key
from learner.common.timeutil import utcnow
from learner.models.people import Centre, User


class ApplicationStatus(str, enum.Enum):
    SUBMITTED = "submitted"      # waiting for review
    NEEDS_EMAIL = "needs_email"  # no e-mail yet: her centre helps her create one
    AWARDED = "awarded"
    WAITLISTED = "waitlisted"    # places ran out; promoted in score order on a withdrawal
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class ForWhom(str, enum.Enum):
    SELF = "self"
    FAMILY = "family"


class ScholarshipCall(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]  # inclusive, Bolivian calendar day
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    centres: Mapped[list[CallCentre]] = relationship(back_populates="call", order_by="CallCentre.id")

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class CallCentre(db.Model):
    """Places a call offers at one centre. Awards lock this row, so places are never exceeded."""

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("scholarship_call.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    places: Mapped[int]
    # Where and when the centre helps an applicant create her e-mail account.
    email_help: Mapped[str] = mapped_column(String(300), default="")
    call: Mapped[ScholarshipCall] = relationship(back_populates="centres")
    centre: Mapped[Centre] = relationship()
    __table_args__ = (UniqueConstraint("call_id", "centre_id"),)


class Application(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)  # shown to her, e.g. K7PQ-2MXA
    # Made when the form is shown and kept in the phone's draft: a resend is the same application.
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("scholarship_call.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    # The person who will study (herself, or her family member).
    name: Mapped[str] = mapped_column(String(120))
    # The name as duplicates compare it (names.name_key), kept in step with name.
    name_key: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))  # lower case; None until she has one
    phone: Mapped[str] = mapped_column(String(16))  # digits with country code: 5917xxxxxxx
    for_whom: Mapped[str] = mapped_column(String(10), default=ForWhom.SELF.value)
    applicant_name: Mapped[str | None] = mapped_column(String(120))  # who filled in for a family member
    family_relation: Mapped[str | None] = mapped_column(String(20))
    # The reference of an earlier application of the call with the same phone and another
    # name (a family sharing one phone): accepted, and shown to staff.
    shares_phone_with: Mapped[str | None] = mapped_column(String(12))
    hours_per_week: Mapped[int]
    connection: Mapped[str] = mapped_column(String(20))  # own_phone | shared_phone | centre_wifi
    self_check: Mapped[dict] = mapped_column(JSON)  # question id -> chosen option
    pledged_at: Mapped[datetime]
    score: Mapped[int] = mapped_column(default=0)
    flags: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=ApplicationStatus.SUBMITTED.value)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # How user_id was proven (never by a typed e-mail alone): created (the award made her
    # account: only then an activation code exists), existing (the award linked an account she
    # already had: no code), reference (signed in, she gave its reference and phone).
    user_link: Mapped[str | None] = mapped_column(String(10))
    activation_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # HMAC of the code
    activation_expires_at: Mapped[datetime | None]
    activated_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    call: Mapped[ScholarshipCall] = relationship()
    centre: Mapped[Centre] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        self.name_key = name_key(name)
        return name

    __table_args__ = (
        # Duplicates (same e-mail, or same phone and name, in one call) are refused by the
        # database too, so two sends racing each other cannot both get in. NULL e-mails never
        # clash. A phone alone is not unique: family members share one.
        UniqueConstraint("call_id", "email", name="uq_application_call_email"),
        UniqueConstraint("call_id", "phone", "name_key", name="uq_application_call_phone_name"),
        Index("ix_application_call_centre_status", "call_id", "centre_id", "status"),
    )
