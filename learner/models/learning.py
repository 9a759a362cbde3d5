"""What learners do: lesson completions and quiz attempts (append-only, UUID ids)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learner.extensions import db
from learner.common.timeutil import utcnow
from learner.models.people import User


class QuizAttempt(db.Model):
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID made by the phone or the form
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    quiz_id: Mapped[str] = mapped_column(String(120))
    content_version: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict] = mapped_column(JSON)
    score: Mapped[int]
    max_score: Mapped[int]
    passed: Mapped[bool]
    answered_at: Mapped[datetime]  # the phone's clock: a hint
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # the server's clock
    receipt: Mapped[str] = mapped_column(String(8), unique=True)
    source: Mapped[str] = mapped_column(String(10))  # form | sync
    device: Mapped[str | None] = mapped_column(String(36))
    body_hash: Mapped[str] = mapped_column(String(64))  # to tell a resend from a conflict
    user: Mapped[User] = relationship()
    __table_args__ = (Index("ix_attempt_user_quiz", "user_id", "quiz_id"),)


class LessonCompletion(db.Model):
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(120))
    content_version: Mapped[str] = mapped_column(String(64))
    completed_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    receipt: Mapped[str] = mapped_column(String(8), unique=True)
    device: Mapped[str | None] = mapped_column(String(36))
    body_hash: Mapped[str] = mapped_column(String(64))


class SyncConflict(db.Model):
    """An item id sent again with a different body: logged, never merged."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    device: Mapped[str | None] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
