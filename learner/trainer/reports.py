"""Trainer reports: SQL aggregation over a cohort's results. Rows in, rows out; no request here.

Every query works on a whole cohort at once (never one query per learner), so a cohort page
costs a handful of queries whatever its size. Python only assembles the aggregated rows.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, true, union_all

from learner.learning.catalog import Catalog, Lesson, Question
from learner.extensions import db
from learner.learning.grading import normalise
from learner.models import Centre, Cohort, Enrolment, LessonCompletion, QuizAttempt, Region, User
from learner.accounts.scope import scope_centres

QUIET_DAYS = 7
STUCK_FAILURES = 3
EARLIEST_PLAUSIBLE = datetime(2024, 1, 1)
CLOCK_SLACK = timedelta(days=1)


def clock_implausible(answered_at: datetime, received_at: datetime) -> bool:
    """The phone's clock can't be trusted: before the programme, or a day ahead of the server."""
    return answered_at < EARLIEST_PLAUSIBLE or answered_at > received_at + CLOCK_SLACK


def active_members(cohort_id: int):
    return select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id,
                                           Enrolment.status == "active")


def lesson_ids(catalog: Catalog) -> list[str]:
    return [lesson.id for module in catalog.modules for lesson in module.lessons]


def module_of(column, catalog: Catalog):
    """The module slug of a lesson or quiz id ("conectate/01-tu-celular" -> "conectate")."""
    return case(*[(column.like(f"{m.slug}/%"), m.slug) for m in catalog.modules], else_=None)


def cohort_list(staff: User, region_id: int | None = None, centre_id: int | None = None) -> list:
    """The cohorts a staff member may see, with their count of active learners."""
    counts = (select(Enrolment.cohort_id, func.count().label("learners"))
              .where(Enrolment.status == "active").group_by(Enrolment.cohort_id).subquery())
    query = (select(Cohort.id, Cohort.name, Cohort.trainer_id, Centre.name.label("centre"),
                    Region.name.label("region"), User.name.label("trainer"),
                    func.coalesce(counts.c.learners, 0).label("learners"))
             .join(Centre, Cohort.centre_id == Centre.id)
             .join(Region, Centre.region_id == Region.id)
             .outerjoin(User, Cohort.trainer_id == User.id)
             .outerjoin(counts, counts.c.cohort_id == Cohort.id)
             .order_by(Region.name, Centre.name, Cohort.name))
    if region_id:
        query = query.where(Centre.region_id == region_id)
    if centre_id:
        query = query.where(Cohort.centre_id == centre_id)
    return db.session.execute(scope_centres(query, Cohort.centre_id, staff)).all()


@dataclass
class ModuleProgress:
    lessons_done: int = 0
    quizzes_passed: int = 0
    best: int = 0
    best_max: int = 0

    @property
    def best_percent(self) -> int | None:
        """Her best score on each quiz she tried, summed, as a share of the maximum."""
        return round(100 * self.best / self.best_max) if self.best_max else None


@dataclass
class LearnerRow:
    id: int
    name: str
    email: str
    modules: dict[str, ModuleProgress]
    last_sync: datetime | None = None
    recent: int = 0  # results synced in the last 7 days
    stuck: list[str] = field(default_factory=list)  # quiz ids failed 3+ times, never passed
    quiet: bool = True  # no sync for 7+ days (or never)

    @property
    def flagged(self) -> bool:
        return self.quiet or bool(self.stuck)


def cohort_overview(cohort_id: int, catalog: Catalog, now: datetime) -> list[LearnerRow]:
    """One row per active learner: progress per module, last sync, recent results, flags."""
    learners = db.session.execute(
        select(User.id, User.name, User.email).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.status == "active")
        .order_by(User.name)).all()
    rows = {u.id: LearnerRow(u.id, u.name, u.email, {m.slug: ModuleProgress()
                                                     for m in catalog.modules}) for u in learners}
    members = active_members(cohort_id)
    for user_id, module, done in _lessons_done(members, catalog):
        rows[user_id].modules[module].lessons_done = done
    per_quiz = _per_quiz(members, catalog)
    for user_id, module, passed, best, best_max in _quizzes_by_module(per_quiz, catalog):
        progress = rows[user_id].modules[module]
        progress.quizzes_passed, progress.best, progress.best_max = passed, best, best_max
    stuck = select(per_quiz.c.user_id, per_quiz.c.quiz_id).where(
        per_quiz.c.fails >= STUCK_FAILURES, per_quiz.c.passed == 0).order_by(per_quiz.c.quiz_id)
    for user_id, quiz_id in db.session.execute(stuck):
        rows[user_id].stuck.append(quiz_id)
    since = now - timedelta(days=QUIET_DAYS)
    for user_id, last_sync, recent in _sync_activity(members, since):
        row = rows[user_id]
        row.last_sync, row.recent, row.quiet = last_sync, recent or 0, last_sync < since
    return list(rows.values())


def _lessons_done(members, catalog: Catalog):
    inner = (select(LessonCompletion.user_id, LessonCompletion.lesson_id,
                    module_of(LessonCompletion.lesson_id, catalog).label("module"))
             .where(LessonCompletion.user_id.in_(members),
                    LessonCompletion.lesson_id.in_(lesson_ids(catalog))).subquery())
    return db.session.execute(
        select(inner.c.user_id, inner.c.module, func.count(inner.c.lesson_id.distinct()))
        .group_by(inner.c.user_id, inner.c.module)).all()


def _per_quiz(members, catalog: Catalog):
    """Per learner and quiz: best score, whether ever passed, how many failed attempts."""
    return (select(QuizAttempt.user_id, QuizAttempt.quiz_id,
                   func.max(QuizAttempt.score).label("best"),
                   func.max(QuizAttempt.max_score).label("max_score"),
                   func.max(case((QuizAttempt.passed, 1), else_=0)).label("passed"),
                   func.sum(case((QuizAttempt.passed, 0), else_=1)).label("fails"))
            .where(QuizAttempt.user_id.in_(members), QuizAttempt.quiz_id.in_(lesson_ids(catalog)))
            .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id).subquery())


def _quizzes_by_module(per_quiz, catalog: Catalog):
    inner = select(per_quiz, module_of(per_quiz.c.quiz_id, catalog).label("module")).subquery()
    return db.session.execute(
        select(inner.c.user_id, inner.c.module, func.sum(inner.c.passed),
               func.sum(inner.c.best), func.sum(inner.c.max_score))
        .group_by(inner.c.user_id, inner.c.module)).all()


def _sync_activity(members, since: datetime):
    """Last sync (server time) and results received since `since`, over both kinds of result."""
    events = union_all(
        select(QuizAttempt.user_id, QuizAttempt.received_at)
        .where(QuizAttempt.user_id.in_(members)),
        select(LessonCompletion.user_id, LessonCompletion.received_at)
        .where(LessonCompletion.user_id.in_(members))).subquery()
    return db.session.execute(
        select(events.c.user_id, func.max(events.c.received_at),
               func.sum(case((events.c.received_at >= since, 1), else_=0)))
        .group_by(events.c.user_id)).all()


def _sort_key(key: str, modules: set[str]):
    if key == "last_sync":
        return lambda r: r.last_sync or datetime.min
    if key == "recent":
        return lambda r: r.recent
    if key in modules:
        return lambda r: (r.modules[key].quizzes_passed, r.modules[key].lessons_done, r.name)
    return lambda r: r.name.casefold()


def sort_rows(rows: list[LearnerRow], key: str, descending: bool, catalog: Catalog) -> list:
    """Sort by name, last sync, recent results or a module's progress (its slug)."""
    modules = {m.slug for m in catalog.modules}
    return sorted(rows, key=_sort_key(key, modules), reverse=descending)


@dataclass
class QuestionStats:
    question: Question
    right: int
    total: int
    top_wrong: frozenset[str] | None  # the wrong answer chosen most often
    top_wrong_count: int = 0
    unanswered: int = 0

    @property
    def share_right(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def top_wrong_text(self) -> str:
        return " + ".join(sorted(self.question.choice_text(c) for c in self.top_wrong or ()))


@dataclass
class QuizStats:
    lesson: Lesson
    first_attempts: int
    questions: list[QuestionStats]


def hard_questions(cohort_id: int, catalog: Catalog) -> list[QuizStats]:
    """Per quiz, share of first attempts right for each question (worst first), top wrong answer."""
    first = _first_attempts(active_members(cohort_id))
    totals = dict(db.session.execute(
        select(first.c.quiz_id, func.count()).group_by(first.c.quiz_id)).all())
    pairs = (func.json_each_text(first.c.answers) if db.engine.dialect.name == "postgresql"
             else func.json_each(first.c.answers)).table_valued("key", "value")
    counts: dict[tuple[str, str], Counter] = {}
    for quiz_id, question_id, value, n in db.session.execute(
            select(first.c.quiz_id, pairs.c.key, pairs.c.value, func.count())
            .select_from(first).join(pairs, true())
            .group_by(first.c.quiz_id, pairs.c.key, pairs.c.value)):
        counts.setdefault((quiz_id, question_id), Counter())[_answer_set(value)] += n
    report = []
    for module in catalog.modules:
        for lesson in module.lessons:
            if totals.get(lesson.id):
                questions = [_question_stats(q, counts.get((lesson.id, q.id), Counter()),
                                             totals[lesson.id]) for q in lesson.quiz.questions]
                questions.sort(key=lambda s: s.share_right)
                report.append(QuizStats(lesson, totals[lesson.id], questions))
    return report


def hardest(report: list[QuizStats], count: int = 5) -> list[tuple[QuizStats, QuestionStats]]:
    """The questions the cohort missed most on first try, across all quizzes."""
    pairs = [(quiz, stats) for quiz in report for stats in quiz.questions]
    return sorted(pairs, key=lambda pair: pair[1].share_right)[:count]


def _first_attempts(members):
    """Each learner's first attempt at each quiz, in order of arrival at the server."""
    ranked = select(
        QuizAttempt.quiz_id, QuizAttempt.answers,
        func.row_number().over(
            partition_by=(QuizAttempt.user_id, QuizAttempt.quiz_id),
            order_by=(QuizAttempt.received_at, QuizAttempt.answered_at, QuizAttempt.id),
        ).label("n"),
    ).where(QuizAttempt.user_id.in_(members)).subquery()
    return select(ranked.c.quiz_id, ranked.c.answers).where(ranked.c.n == 1).subquery()


def _answer_set(value: object) -> frozenset[str]:
    """A JSON value from the answers column (a choice id or a JSON list of them) as a set."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return frozenset()
    return normalise(value)


def _question_stats(question: Question, answers: Counter, total: int) -> QuestionStats:
    right = answers.get(question.answer, 0)
    wrong = [(n, given) for given, n in answers.items() if given != question.answer and given]
    top_count, top = max(wrong, key=lambda pair: (pair[0], sorted(pair[1])), default=(0, None))
    return QuestionStats(question, right, total, top, top_count,
                         unanswered=total - sum(answers.values()) + answers.get(frozenset(), 0))
