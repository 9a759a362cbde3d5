"""Who may see and do what: anonymous -> sign in, learners -> 403, trainers -> their centres only."""

import pytest
from sqlalchemy import select

from learner.extensions import db
from learner.models import Application, Role

from ..conftest import login
from tests.conftest import REGIONS

STAFF_PAGES = ["/programme/", "/programme/reports/", "/programme/reports/report.csv",
               "/programme/reports/chart.svg", "/programme/calls/new"]


@pytest.fixture
def cocha_application(call, centres, make_application):
    return make_application(centres[1], name="Lucía Vargas Privada")


def action_urls(application, call) -> list[str]:
    base = f"/programme/applications/{application.id}"
    return [f"{base}/award", f"{base}/withdraw", f"{base}/reject", f"{base}/email", f"{base}/code",
            f"{base}/send-code",
            f"/programme/calls/{call.id}/centres/{application.centre_id}/award-top"]


def test_anonymous_visitors_are_sent_to_sign_in(client, call, cocha_application):
    for url in STAFF_PAGES + [f"/programme/calls/{call.id}"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
    for url in action_urls(cocha_application, call):
        response = client.post(url)
        assert response.status_code == 302 and "/login" in response.location, url
    assert cocha_application.status == "submitted"


def test_learners_get_403(client, call, make_user, cocha_application):
    login(client, make_user(Role.LEARNER))
    for url in STAFF_PAGES + [f"/programme/calls/{call.id}"]:
        assert client.get(url).status_code == 403, url
    for url in action_urls(cocha_application, call):
        assert client.post(url).status_code == 403, url


def test_trainers_cannot_see_reports_or_manage_calls(client, call, centres, trainer_of):
    login(client, trainer_of(centres[0]))
    for url in ["/programme/reports/", "/programme/reports/report.csv", "/programme/calls/new",
                f"/programme/calls/{call.id}/edit"]:
        assert client.get(url).status_code == 403, url


def test_a_trainer_sees_only_her_centre(client, call, centres, trainer_of, cocha_application):
    login(client, trainer_of(centres[0]))
    summary = client.get(f"/programme/calls/{call.id}").get_data(as_text=True)
    assert "Centro El Alto Norte" in summary and "Centro Cochabamba Sur" not in summary
    assert client.get(f"/programme/calls/{call.id}/centres/{centres[0].id}").status_code == 200
    other = client.get(f"/programme/calls/{call.id}/centres/{centres[1].id}")
    assert other.status_code == 404 and "Lucía" not in other.get_data(as_text=True)


def test_a_trainer_cannot_act_on_another_centres_application(client, call, centres, trainer_of,
                                                             cocha_application):
    login(client, trainer_of(centres[0]))
    for url in action_urls(cocha_application, call):
        response = client.post(url, data={"n": "1", "expected_left": "1", "email": "x@example.bo",
                                          "code": "ABCDE-FGHJK"})
        assert response.status_code == 404, url
        assert "Lucía" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert cocha_application.status == "submitted"


def test_a_trainer_awards_at_her_own_centre(client, call, centres, trainer_of, make_application):
    application = make_application(centres[0], name="Rosa Quispe")
    login(client, trainer_of(centres[0]))
    listing = client.get(f"/programme/calls/{call.id}/centres/{centres[0].id}").get_data(as_text=True)
    assert "Rosa Quispe" in listing and "Puntaje" in listing
    response = client.post(f"/programme/applications/{application.id}/award")
    assert response.status_code == 200
    assert "código de activación" in response.get_data(as_text=True).lower()
    assert response.headers["Cache-Control"] == "no-store"
    db.session.expire_all()
    assert db.session.scalar(select(Application.status).where(Application.id == application.id)) == "awarded"


def test_the_public_pages_need_no_account(client, call):
    assert client.get("/apply").status_code == 200
    assert client.get("/activate").status_code == 200
    assert client.get("/apply/status").status_code == 200


def test_a_trainer_lists_only_calls_with_her_centres(client, call, centres, trainer_of, make_user):
    from learner.demo import ensure_centre, ensure_regions
    elsewhere = ensure_centre(ensure_regions(REGIONS)["Tarija"], "Centro Tarija")
    db.session.commit()
    login(client, trainer_of(elsewhere))
    page = client.get("/programme/").get_data(as_text=True)
    assert "Convocatoria 2026" not in page and "Todavía no hay convocatorias para tus centros." in page
    assert client.get(f"/programme/calls/{call.id}").status_code == 404


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_forms_without_their_csrf_token_are_refused(client, call, centres, coordinator, make_application):
    from .conftest import form_data
    response = client.post("/apply", data=form_data(centres[0]))
    assert response.status_code == 400 and "El formulario venció" in response.get_data(as_text=True)
    assert db.session.scalar(select(Application)) is None
    application = make_application(centres[0])
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": coordinator.email, "password": "secreto123", "csrf_token": token})
    assert client.post(f"/programme/applications/{application.id}/award").status_code == 400
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"


def test_ids_too_big_for_the_database_are_404_not_500(client, call, coordinator):
    login(client, coordinator)
    huge = 2**63
    assert client.get(f"/programme/calls/{huge}").status_code == 404
    assert client.post(f"/programme/applications/{huge}/award").status_code == 404
    assert client.get(f"/programme/reports/?call={huge}").status_code == 404
    assert client.get(f"/apply?call={huge}").status_code == 200  # the open call instead
