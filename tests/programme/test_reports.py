"""Programme reports: the figures by region and centre, the SVG chart and the CSV."""

import csv
import io
import uuid
from datetime import timedelta

import pytest

from learner import models
from learner.extensions import db
from learner.models import LessonCompletion, QuizAttempt
from learner.programme.reports import programme_report
from learner.programme.awards import award_one
from learner.common.timeutil import utcnow

from ..conftest import login
from .conftest import SECRET


def lesson_done(user_id: int, lesson: str, days_ago: float) -> None:
    when = utcnow() - timedelta(days=days_ago)
    db.session.add(LessonCompletion(id=str(uuid.uuid4()), user_id=user_id, lesson_id=lesson,
                                    content_version="v1", completed_at=when, received_at=when,
                                    receipt=uuid.uuid4().hex[:7], body_hash="x"))


def quiz_done(user_id: int, quiz: str, passed: bool, days_ago: float = 1) -> None:
    when = utcnow() - timedelta(days=days_ago)
    db.session.add(QuizAttempt(id=str(uuid.uuid4()), user_id=user_id, quiz_id=quiz, content_version="v1",
                               answers={}, score=4 if passed else 1, max_score=5, passed=passed,
                               answered_at=when, received_at=when, receipt=uuid.uuid4().hex[:7],
                               source="form", body_hash="x"))


@pytest.fixture
def programme(call, centres, make_application, coordinator):
    alto, cocha = centres
    woman = award_one(make_application(alto).id, coordinator, SECRET).application
    daughter = award_one(make_application(alto, for_whom="family", applicant_name="Madre",
                                          family_relation="daughter").id, coordinator, SECRET).application
    make_application(alto)  # waitlisted: two places, both taken
    make_application(alto, email=None)  # needs e-mail
    far = award_one(make_application(cocha).id, coordinator, SECRET).application
    lesson_done(woman.user_id, "conectate/01", 2)
    lesson_done(woman.user_id, "conectate/01", 1)  # done twice: counts once
    lesson_done(daughter.user_id, "conectate/01", 20)
    quiz_done(woman.user_id, "conectate/01", True)
    quiz_done(woman.user_id, "conectate/01", True)
    quiz_done(daughter.user_id, "conectate/02", False, 20)
    lesson_done(far.user_id, "conectate/01", 40)  # too long ago to be active
    db.session.commit()
    return woman, daughter, far


def test_figures_by_centre_region_and_total(call, centres, programme):
    report = programme_report(call.id, utcnow())
    regions = {r.name: r for r in report.regions}
    assert len(report.regions) == 9  # every region, even with no centre yet
    alto = regions["El Alto"].figures
    assert (alto.places, alto.applications, alto.awarded_women, alto.awarded_family) == (2, 4, 1, 1)
    assert (alto.waitlisted, alto.needs_email, alto.active_7, alto.active_30) == (1, 1, 1, 2)
    assert (alto.lessons_completed, alto.quizzes_passed) == (2, 1)
    cocha = regions["Cochabamba"].figures
    assert (cocha.awarded, cocha.active_30, cocha.lessons_completed) == (1, 0, 1)
    assert report.total.awarded == 3 and report.total.applications == 5 and report.total.places == 3
    assert regions["El Alto"].centres == [("Centro El Alto Norte", alto)]
    assert regions["Pando"].figures.awarded == 0


def test_valid_certificates_are_counted(call, centres, programme):
    woman = programme[0]
    for slug, revoked in (("conectate", None), ("ciberseguridad", utcnow())):
        db.session.add(models.Certificate(code=uuid.uuid4().hex[:16].upper(), user_id=woman.user_id,
                                          module_slug=slug, module_title=slug, learner_name="X",
                                          hours=10, centre_id=centres[0].id, centre_name="",
                                          revoked_at=revoked))
    db.session.commit()
    assert programme_report(call.id, utcnow()).total.certificates == 1  # revoked ones do not count


def test_the_report_page_chart_and_csv(client, call, programme, coordinator):
    login(client, coordinator)
    page = client.get("/programme/reports/").get_data(as_text=True)
    assert "Becas asignadas por región" in page and "<svg" in page and "El Alto" in page
    assert "style=" not in page  # the CSP allows no inline style, in SVG either
    chart = client.get(f"/programme/reports/chart.svg?call={call.id}&what=activity")
    assert chart.mimetype == "image/svg+xml" and b'xmlns="http://www.w3.org/2000/svg"' in chart.data
    assert client.get("/programme/reports/chart.svg?what=nonsense").status_code == 404
    assert client.get("/programme/reports/?call=9999").status_code == 404
    response = client.get(f"/programme/reports/report.csv?call={call.id}")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Región", "Centro", "Plazas", "Solicitudes"]
    alto = next(r for r in rows if r[1] == "Centro El Alto Norte")
    assert alto[2:6] == ["2", "4", "1", "1"]
    assert rows[-1][0] == "Total" and rows[-1][2] == "3"


def test_spreadsheet_formulas_never_come_from_our_data(client, call, centres, coordinator):
    centres[1].name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    login(client, coordinator)
    text = client.get(f"/programme/reports/report.csv?call={call.id}").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_without_calls_the_report_says_so(client, centres, coordinator):
    login(client, coordinator)
    assert "Todavía no hay convocatorias." in client.get("/programme/reports/").get_data(as_text=True)
    assert client.get("/programme/reports/report.csv").status_code == 404
