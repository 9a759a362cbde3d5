"""Programme figures by region and centre, counted by the database (GROUP BY), not in Python.

Rows in, rows out: the views turn them into a table, an SVG bar chart and CSV."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal_column, select, union_all

from learner.extensions import db
from learner.models import (
    Application,
    ApplicationStatus,
    CallCentre,
    Centre,
    Certificate,
    Cohort,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
    Region,
    User,
)
from learner.accounts.scope import scope_centres

AWARDED = ApplicationStatus.AWARDED.value


@dataclass(frozen=True)
class Figures:
    places: int = 0
    applications: int = 0
    awarded_women: int = 0
    awarded_family: int = 0
    waitlisted: int = 0
    needs_email: int = 0
    active_7: int = 0
    active_30: int = 0
    lessons_completed: int = 0
    quizzes_passed: int = 0
    certificates: int = 0

    @property
    def awarded(self) -> int:
        return self.awarded_women + self.awarded_family


@dataclass(frozen=True)
class RegionReport:
    name: str
    figures: Figures
    centres: list[tuple[str, Figures]]


@dataclass(frozen=True)
class ProgrammeReport:
    regions: list[RegionReport]
    total: Figures


def _status_count(status: str, **extra):
    condition = Application.status == status
    for column, value in extra.items():
        condition = condition & (getattr(Application, column) == value)
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# Group keys: per centre, per region, or one group for the whole programme (0 for every row).
BY_CENTRE, BY_REGION, OVERALL = Centre.id, Centre.region_id, Centre.id * literal_column("0")


def _by(key, query) -> dict:
    """Run a grouped query whose first column is the group key: {key: (figures...)}."""
    return {row[0]: row[1:] for row in db.session.execute(query.group_by(key))}


def _applications(key, call_id: int) -> dict:
    return _by(key, select(
        key, func.count(Application.id),
        _status_count(AWARDED, for_whom="self"), _status_count(AWARDED, for_whom="family"),
        _status_count(ApplicationStatus.WAITLISTED.value),
        _status_count(ApplicationStatus.NEEDS_EMAIL.value))
        .join(Centre, Centre.id == Application.centre_id).where(Application.call_id == call_id))


def _places(key, call_id: int) -> dict:
    return _by(key, select(key, func.sum(CallCentre.places))
               .join(Centre, Centre.id == CallCentre.centre_id).where(CallCentre.call_id == call_id))


def _learners():
    """(centre, learner) for every active enrolment: who learns where."""
    return (select(Cohort.centre_id.label("centre_id"), Enrolment.user_id.label("user_id"))
            .join(Cohort, Cohort.id == Enrolment.cohort_id).where(Enrolment.status == "active")
            .distinct().subquery())


def _activity(key, now: datetime) -> dict:
    """Learners with a lesson or quiz received in the last 7 and 30 days (server clock)."""
    learners = _learners()
    done = union_all(select(QuizAttempt.user_id, QuizAttempt.received_at),
                     select(LessonCompletion.user_id, LessonCompletion.received_at)).subquery()

    def active_since(days: int):
        return func.count(func.distinct(case(
            (done.c.received_at >= now - timedelta(days=days), learners.c.user_id))))

    return _by(key, select(key, active_since(7), active_since(30))
               .select_from(learners).join(Centre, Centre.id == learners.c.centre_id)
               .join(done, done.c.user_id == learners.c.user_id))


def _distinct_pairs(key, learner_column, item_column, *where) -> dict:
    """Count distinct (learner, item) pairs per group: a lesson done twice counts once."""
    learners = _learners()
    pairs = (select(key.label("k"), learner_column, item_column)
             .select_from(learners).join(Centre, Centre.id == learners.c.centre_id)
             .join(learner_column.table, learner_column == learners.c.user_id)
             .where(*where).distinct().subquery())
    return _by(pairs.c.k, select(pairs.c.k, func.count()))


def _certificates(key) -> dict:
    return _by(key, select(key, func.count(Certificate.id))
               .join(Centre, Centre.id == Certificate.centre_id)
               .where(Certificate.revoked_at.is_(None)))


def _figures(key, call_id: int, now: datetime) -> dict:
    """Every figure for every group of `key`: {group: Figures}."""
    found: dict = {}

    def put(results: dict, names: tuple[str, ...]) -> None:
        for group, values in results.items():
            found.setdefault(group, {}).update(
                {name: int(value or 0) for name, value in zip(names, values, strict=True)})

    put(_places(key, call_id), ("places",))
    put(_applications(key, call_id), ("applications", "awarded_women", "awarded_family",
                                      "waitlisted", "needs_email"))
    put(_activity(key, now), ("active_7", "active_30"))
    put(_distinct_pairs(key, LessonCompletion.user_id, LessonCompletion.lesson_id),
        ("lessons_completed",))
    put(_distinct_pairs(key, QuizAttempt.user_id, QuizAttempt.quiz_id, QuizAttempt.passed.is_(True)),
        ("quizzes_passed",))
    put(_certificates(key), ("certificates",))
    return {group: Figures(**values) for group, values in found.items()}


def programme_report(call_id: int, now: datetime) -> ProgrammeReport:
    """Every region (all nine, even with no centre yet) and its centres, with totals."""
    by_centre = _figures(BY_CENTRE, call_id, now)
    by_region = _figures(BY_REGION, call_id, now)
    total = _figures(OVERALL, call_id, now).get(0, Figures())
    centres = db.session.execute(select(Centre.id, Centre.name, Centre.region_id)
                                 .order_by(Centre.name)).all()
    regions = []
    for region in db.session.scalars(select(Region).order_by(Region.name)):
        listed = [(name, by_centre.get(centre_id, Figures()))
                  for centre_id, name, region_id in centres if region_id == region.id]
        regions.append(RegionReport(region.name, by_region.get(region.id, Figures()), listed))
    return ProgrammeReport(regions, total)


def figure_names() -> list[str]:
    return [f.name for f in fields(Figures)]


def call_summary(call_id: int, user: User) -> list:
    """Per centre the staff member may see: places, awarded, waitlist, to review, needs e-mail."""
    query = (select(Centre.id, Centre.name, Region.name.label("region"), CallCentre.places,
                    _status_count(AWARDED).label("awarded"),
                    _status_count(ApplicationStatus.WAITLISTED.value).label("waitlisted"),
                    _status_count(ApplicationStatus.SUBMITTED.value).label("submitted"),
                    _status_count(ApplicationStatus.NEEDS_EMAIL.value).label("needs_email"))
             .select_from(CallCentre).join(Centre, Centre.id == CallCentre.centre_id)
             .join(Region, Region.id == Centre.region_id)
             .outerjoin(Application, (Application.call_id == CallCentre.call_id)
                        & (Application.centre_id == CallCentre.centre_id))
             .where(CallCentre.call_id == call_id)
             .group_by(Centre.id, Centre.name, Region.name, CallCentre.places)
             .order_by(Region.name, Centre.name))
    return db.session.execute(scope_centres(query, CallCentre.centre_id, user)).all()
