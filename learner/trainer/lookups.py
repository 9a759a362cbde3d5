"""What a trainer looks up, always through the centre scope: a cohort, a learner, a receipt;
a learner's history; a cohort's results as CSV. Rows in, rows out; no request here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import literal, null, select, union_all

from learner.learning.catalog import Catalog, Lesson
from learner.extensions import db
from learner.learning.grading import Grade, grade
from learner.models import Cohort, Enrolment, LessonCompletion, QuizAttempt, Role, User
from learner.trainer.reports import clock_implausible
from learner.accounts.scope import scope_centres


def scoped_learner_ids(staff: User):
    """Ids of learners with an enrolment (active or withdrawn) at one of the staff's centres."""
    query = select(Enrolment.user_id).join(Cohort, Enrolment.cohort_id == Cohort.id)
    return scope_centres(query, Cohort.centre_id, staff)


def cohort_in_scope(staff: User, cohort_id: int) -> Cohort | None:
    return db.session.scalar(scope_centres(select(Cohort).where(Cohort.id == cohort_id),
                                           Cohort.centre_id, staff))


def learner_in_scope(staff: User, user_id: int) -> User | None:
    return db.session.scalar(select(User).where(
        User.id == user_id, User.role == Role.LEARNER.value,
        User.id.in_(scoped_learner_ids(staff))))


def manages(staff: User, learner: User) -> bool:
    """May the staff member change her (enrolment, password)? Not if she is active elsewhere."""
    active = db.session.scalar(select(Enrolment.cohort_id).where(
        Enrolment.user_id == learner.id, Enrolment.status == "active"))
    return active is None or cohort_in_scope(staff, active) is not None


def enrolments_of(user_id: int) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.user_id == user_id)
                                   .order_by(Enrolment.status, Enrolment.created_at.desc())))


@dataclass(frozen=True)
class AttemptView:
    row: QuizAttempt
    lesson: Lesson | None
    result: Grade | None  # answers against the key; None if the quiz left the catalogue
    clock_suspect: bool


def learner_attempts(user_id: int, catalog: Catalog, pass_ratio: float) -> list[AttemptView]:
    """Her attempts in order of arrival at the server, each re-read against the answer key."""
    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user_id)
        .order_by(QuizAttempt.received_at, QuizAttempt.answered_at)).all()
    views = []
    for row in attempts:
        lesson = catalog.lesson(row.quiz_id)
        result = grade(lesson.quiz, row.answers, pass_ratio) if lesson else None
        views.append(AttemptView(row, lesson, result,
                                 clock_implausible(row.answered_at, row.received_at)))
    return views


def learner_completions(user_id: int) -> list[LessonCompletion]:
    return list(db.session.scalars(
        select(LessonCompletion).where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.received_at)))


@dataclass(frozen=True)
class ReceiptHit:
    code: str
    learner: User
    attempt: QuizAttempt | None = None
    completion: LessonCompletion | None = None


def find_receipt(staff: User, code: str) -> ReceiptHit | None:
    """A receipt (normalised, "K7P-2QM") only among learners of the staff's centres."""
    learners = scoped_learner_ids(staff)
    for model, key in ((QuizAttempt, "attempt"), (LessonCompletion, "completion")):
        row = db.session.scalar(select(model).where(model.receipt == code,
                                                    model.user_id.in_(learners)))
        if row is not None:
            return ReceiptHit(code, db.session.get(User, row.user_id), **{key: row})
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


def cohort_results_csv(cohort_id: int, catalog: Catalog, zone: str) -> str:
    """Every result of the cohort's active learners, one per line, with a BOM for spreadsheets."""
    members = (select(User.id, User.name, User.email).join(Enrolment, Enrolment.user_id == User.id)
               .where(Enrolment.cohort_id == cohort_id, Enrolment.status == "active").subquery())
    attempts = select(
        members.c.name, members.c.email, literal("quiz").label("kind"),
        QuizAttempt.quiz_id.label("item"), QuizAttempt.score, QuizAttempt.max_score,
        QuizAttempt.passed, QuizAttempt.answered_at.label("device_time"),
        QuizAttempt.received_at, QuizAttempt.receipt,
    ).join(members, members.c.id == QuizAttempt.user_id)
    lessons = select(
        members.c.name, members.c.email, literal("lesson"), LessonCompletion.lesson_id,
        null(), null(), null(), LessonCompletion.completed_at, LessonCompletion.received_at,
        LessonCompletion.receipt,
    ).join(members, members.c.id == LessonCompletion.user_id)
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
