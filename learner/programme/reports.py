"""Programme figures by region and centre, counted by the database (GROUP BY), not in Python.

Rows in, rows out: the views turn them into a table, an SVG bar chart and CSV."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal_column, select, union_all

from learner import models
from learner.extensions import db
from learner.models import (
    Application,
    ApplicationStatus,
    CallCentre,
    Centre,
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
    with_certificates: bool


def has_certificates() -> bool:
    """Certificates are counted once their model exists (the certificate issue)."""
    return hasattr(models, "Certificate")


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
    certificate = models.Certificate
    return _by(key, select(key, func.count(certificate.id))
               .join(Centre, Centre.id == certificate.centre_id)
               .where(certificate.revoked_at.is_(None)))


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
    if has_certificates():
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
    return ProgrammeReport(regions, total, has_certificates())


def figure_names(with_certificates: bool) -> list[str]:
    names = [f.name for f in fields(Figures)]
    return names if with_certificates else [n for n in names if n != "certificates"]


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


# The bar chart: drawn on the server as a small SVG, no chart library on the phone.
# 340 units drawn about 330 px wide on a 360 px phone: the 17-unit text stays near 16 px.
CHART_WIDTH, ROW_HEIGHT, LEGEND_HEIGHT, PAD, VALUE_ROOM = 340, 54, 36, 8, 56


def bar_chart(rows: list[tuple[str, list[int]]], series: list[tuple[str, str]]) -> dict:
    """Stacked horizontal bars, one row per label; series: (name, colour) of each stacked part."""
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (CHART_WIDTH - 2 * PAD - VALUE_ROOM) / biggest
    legend, x = [], PAD
    for name, colour in series:
        legend.append({"x": x, "name": name, "colour": colour})
        x += 28 + 10 * len(name)  # about 10 units a letter at 17-unit text
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bars, x = [], PAD
        for value, (_name, colour) in zip(values, series, strict=True):
            width = round(value * scale, 1)
            if width:
                bars.append({"x": x, "width": width, "colour": colour})
            x += width
        drawn.append({"label": label, "label_y": top + 18, "bar_y": top + 26, "bars": bars,
                      "value": sum(values), "value_x": x + 6, "value_y": top + 41})
    return {"width": CHART_WIDTH, "height": LEGEND_HEIGHT + len(rows) * ROW_HEIGHT + PAD,
            "legend": legend, "rows": drawn}
