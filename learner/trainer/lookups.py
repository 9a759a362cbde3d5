"""What a trainer looks up, always through the centre scope: a cohort, a learner, a receipt;
a learner's history; a cohort's results as CSV. Rows in, rows out; no request here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import exists, literal, null, or_, select, true, union_all

from learner.learning.catalog import Catalog, Lesson
from learner.extensions import db
from learner.learning.grading import Grade, grade
from learner.accounts.joining import pending_signup_learners
from learner.models import (
    Cohort,
    Enrolment,
    EnrolmentPeriod,
    LessonCompletion,
    QuizAttempt,
    Role,
    User,
)
from learner.trainer.reports import clock_implausible
from learner.accounts.scope import centre_ids_for, scope_centres


def scoped_learner_ids(staff: User):
    """Ids of learners who are or were in a cohort at one of the staff's centres (every stay is
    a period: a learner moved away is still found, with only what arrived while she was there)."""
    query = select(EnrolmentPeriod.user_id).join(Cohort, EnrolmentPeriod.cohort_id == Cohort.id)
    return scope_centres(query, Cohort.centre_id, staff)


def cohort_in_scope(staff: User, cohort_id: int) -> Cohort | None:
    return db.session.scalar(scope_centres(select(Cohort).where(Cohort.id == cohort_id),
                                           Cohort.centre_id, staff))


def learner_in_scope(staff: User, user_id: int) -> User | None:
    return db.session.scalar(select(User).where(
        User.id == user_id, User.role == Role.LEARNER.value,
        User.id.in_(scoped_learner_ids(staff))))


def manages(staff: User, learner: User) -> bool:
    """May the staff member change her (enrolment, password)? Only while she is in one of
    the staff's groups: not once she left, nor while she is active elsewhere."""
    active = db.session.scalar(select(Enrolment.cohort_id).where(
        Enrolment.user_id == learner.id, Enrolment.status == "active"))
    return active is not None and cohort_in_scope(staff, active) is not None


def seen_in_scope(staff: User, model):
    """A condition on a result row: it reached the server while she was in one of the staff's
    cohorts (the server's clock: the phone's may be wrong). Coordinators see everything."""
    ids = centre_ids_for(staff)
    if ids is None:
        return true()
    return exists(select(EnrolmentPeriod.id).join(Cohort, Cohort.id == EnrolmentPeriod.cohort_id)
                  .where(EnrolmentPeriod.user_id == model.user_id, Cohort.centre_id.in_(ids),
                         model.received_at >= EnrolmentPeriod.started_at,
                         or_(EnrolmentPeriod.ended_at.is_(None),
                             model.received_at < EnrolmentPeriod.ended_at)))


def enrolments_of(user_id: int) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.user_id == user_id)
                                   .order_by(Enrolment.status, Enrolment.created_at.desc())))


@dataclass(frozen=True)
class AttemptView:
    row: QuizAttempt
    lesson: Lesson | None
    result: Grade | None  # answers against the key; None if the quiz left the catalogue
    clock_suspect: bool


def learner_attempts(staff: User, user_id: int, catalog: Catalog,
                     pass_ratio: float) -> list[AttemptView]:
    """Her attempts the staff may see, in order of arrival, each re-read against the answer key."""
    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user_id,
                                  seen_in_scope(staff, QuizAttempt))
        .order_by(QuizAttempt.received_at, QuizAttempt.answered_at)).all()
    views = []
    for row in attempts:
        lesson = catalog.lesson(row.quiz_id)
        result = grade(lesson.quiz, row.answers, pass_ratio) if lesson else None
        views.append(AttemptView(row, lesson, result,
                                 clock_implausible(row.answered_at, row.received_at)))
    return views


def learner_completions(staff: User, user_id: int) -> list[LessonCompletion]:
    return list(db.session.scalars(
        select(LessonCompletion).where(LessonCompletion.user_id == user_id,
                                       seen_in_scope(staff, LessonCompletion))
        .order_by(LessonCompletion.received_at)))


@dataclass(frozen=True)
class ReceiptHit:
    code: str
    learner: User
    attempt: QuizAttempt | None = None
    completion: LessonCompletion | None = None
    newcomer: bool = False  # she chose the centre at sign-up and is in no group of it yet


def find_receipt(staff: User, code: str) -> ReceiptHit | None:
    """A receipt (normalised, "K7P-2QM") sent while she was in one of the staff's cohorts, or
    by a new learner who chose one of the staff's centres and waits for a group."""
    for model, key in ((QuizAttempt, "attempt"), (LessonCompletion, "completion")):
        row = db.session.scalar(select(model).where(model.receipt == code,
                                                    seen_in_scope(staff, model)))
        if row is not None:
            return ReceiptHit(code, db.session.get(User, row.user_id), **{key: row})
        row = db.session.scalar(select(model).where(
            model.receipt == code, model.user_id.in_(pending_signup_learners(staff))))
        if row is not None:
            return ReceiptHit(code, db.session.get(User, row.user_id), newcomer=True, **{key: row})
    return None


def local_time(value: datetime | None, zone: str | ZoneInfo) -> str:
    """A naive UTC time from the database as the trainer's wall-clock time."""
    if value is None:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(zone if isinstance(zone, ZoneInfo)
                                                 else ZoneInfo(zone))
    return f"{local.day:02d}/{local.month:02d}/{local.year} {local.hour:02d}:{local.minute:02d}"


def _cell(value: object) -> object:
    # A name starting with = + - @ would run as a formula in a spreadsheet: quote it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def cohort_results_csv(staff: User, cohort_id: int, catalog: Catalog, zone: str) -> str:
    """Every result of the cohort's active learners, one per line, with a BOM for spreadsheets."""
    members = (select(User.id, User.name, User.email).join(Enrolment, Enrolment.user_id == User.id)
               .where(Enrolment.cohort_id == cohort_id, Enrolment.status == "active").subquery())
    attempts = select(
        members.c.name, members.c.email, literal("quiz").label("kind"),
        QuizAttempt.quiz_id.label("item"), QuizAttempt.score, QuizAttempt.max_score,
        QuizAttempt.passed, QuizAttempt.answered_at.label("device_time"),
        QuizAttempt.received_at, QuizAttempt.receipt,
    ).join(members, members.c.id == QuizAttempt.user_id).where(seen_in_scope(staff, QuizAttempt))
    lessons = select(
        members.c.name, members.c.email, literal("lesson"), LessonCompletion.lesson_id,
        null(), null(), null(), LessonCompletion.completed_at, LessonCompletion.received_at,
        LessonCompletion.receipt,
    ).join(members, members.c.id == LessonCompletion.user_id).where(
        seen_in_scope(staff, LessonCompletion))
    both = union_all(attempts, lessons).subquery()
    rows = db.session.execute(select(both).order_by(both.c.name, both.c.email,
                                                    both.c.received_at))
    out = io.StringIO()
    # Semicolons: spreadsheet programs set up for Spanish read ";" as the column separator.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Participante"), _("Correo"), _("Tipo"), _("Módulo"), _("Lección"),
                     _("Puntaje"), _("Máximo"), _("Aprobado"), _("Hora del celular"),
                     _("Hora del servidor"), _("Reloj dudoso"), _("Recibo")])
    kinds = {"quiz": _("Cuestionario"), "lesson": _("Lección terminada")}
    yes, no = _("sí"), _("no")
    # Looked up once, not per row: an export of a big cohort has tens of thousands of rows.
    titles = {lesson.id: (module.title, lesson.title)
              for module in catalog.modules for lesson in module.lessons}
    tz = ZoneInfo(zone)
    for row in rows:
        module_title, lesson_title = titles.get(row.item, ("", row.item))
        passed = "" if row.passed is None else (yes if row.passed else no)
        suspect = yes if clock_implausible(row.device_time, row.received_at) else ""
        writer.writerow([_cell(row.name), _cell(row.email), kinds[row.kind], module_title,
                         lesson_title, row.score, row.max_score, passed,
                         local_time(row.device_time, tz), local_time(row.received_at, tz),
                         suspect, row.receipt])
    return "\ufeff" + out.getvalue()
