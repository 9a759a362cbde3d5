"""Her certificate page and PDF, who may see them, and how results arriving award them."""

import re
import uuid

from learner.certificates import awards as certs
from learner.accounts.users import issue_sync_token
from learner.certificates.signing import verify_payload
from learner.extensions import db
from learner.models import Certificate, Role
from learner.certificates.signing import keyring_for
from tests.certificates.conftest import complete, right_answers
from tests.conftest import login


def certified(user, catalog, slug="conectate"):
    complete(user, catalog.module(slug))
    cert = certs.award_if_complete(user, catalog, 0.7)[0]
    db.session.commit()
    return cert


def test_the_list_and_page_need_a_login(client, catalog, make_user):
    cert = certified(make_user(), catalog)
    for url in ["/certificates", f"/certificates/{cert.code}", f"/certificates/{cert.code}.pdf"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


def test_her_page_congratulates_once_and_shows_name_code_qr_and_actions(client, catalog, make_user):
    rosa = make_user(name="Rosa Mamani")
    cert = certified(rosa, catalog)
    login(client, rosa)
    listing = client.get("/certificates").get_data(as_text=True)
    assert "¡Felicidades! Ganaste tu certificado" in listing and "Conéctate" in listing
    page = client.get(f"/certificates/{cert.code}").get_data(as_text=True)
    assert "¡Felicidades! Ganaste tu certificado" in page
    assert "Rosa Mamani" in page and certs.format_code(cert.code) in page
    assert '<svg viewBox="0 0 ' in page and "Compartir" in page and "Descargar PDF" in page
    assert "https://wa.me/?text=" in page and "Guardar en el teléfono" in page
    # Only once: later visits show no congratulation in the page (the header banner stays hidden).
    for url in (f"/certificates/{cert.code}", "/certificates"):
        assert "¡Felicidades!" not in client.get(url).get_data(as_text=True).split('<main id="main">')[1]


def test_the_page_links_a_signed_payload_with_the_facts(app, client, catalog, make_user):
    rosa = make_user(name="Rosa Mamani")
    cert = certified(rosa, catalog)
    login(client, rosa)
    page = client.get(f"/certificates/{cert.code}").get_data(as_text=True)
    payload = re.search(r'href="http://localhost/verificar#([^"]+)"', page).group(1)
    facts = verify_payload(payload, keyring_for(app.config).public)
    assert facts["c"] == cert.code and facts["n"] == "Rosa Mamani" and facts["m"] == "Conéctate"
    assert facts["d"] == cert.issued_at.date().isoformat()


def test_the_pdf_is_a_small_a4_landscape_file(client, catalog, make_user, place):
    rosa = make_user(name="Rosa Ñusta Mamani")
    place["enrol"](rosa)
    cert = certified(rosa, catalog)
    login(client, rosa)
    response = client.get(f"/certificates/{cert.code}.pdf")
    data = response.data
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert data.startswith(b"%PDF-") and len(data) < 100 * 1024
    assert re.search(rb"/MediaBox \[0 0 841\.89 595\.28\]", data)  # A4, landscape
    download = client.get(f"/certificates/{cert.code}.pdf?download=1")
    assert "attachment" in download.headers["Content-Disposition"]


def test_another_learner_or_a_trainer_of_another_centre_gets_404_without_her_name(
        client, catalog, make_user, place):
    rosa, eva = make_user(name="Rosa Mamani"), make_user()
    place["enrol"](rosa, 0)
    cert = certified(rosa, catalog)
    for viewer in (eva, place["trainers"][1]):
        login(client, viewer)
        for url in [f"/certificates/{cert.code}", f"/certificates/{cert.code}.pdf"]:
            response = client.get(url)
            assert response.status_code == 404 and b"Rosa Mamani" not in response.data
        client.post("/logout")


def test_her_trainer_and_a_coordinator_may_see_it(client, catalog, make_user, place):
    rosa = make_user(name="Rosa Mamani")
    place["enrol"](rosa, 0)
    cert = certified(rosa, catalog)
    for viewer in (place["trainers"][0], make_user(Role.COORDINATOR)):
        login(client, viewer)
        assert client.get(f"/certificates/{cert.code}").status_code == 200
        assert client.get(f"/certificates/{cert.code}.pdf").status_code == 200
        client.post("/logout")
    assert db.session.get(type(cert), cert.id).viewed_at is None  # staff do not use up her "new"


def test_an_unknown_code_is_404(client, make_user):
    login(client, make_user())
    assert client.get("/certificates/NOPE").status_code == 404
    assert client.get("/certificates/ABCDEFGHJKMNPQRS.pdf").status_code == 404


def test_passing_the_last_quiz_by_form_awards_and_congratulates(client, catalog, make_user):
    rosa = make_user()
    module = catalog.module("conectate")
    complete(rosa, module, skip_last=True)
    last = module.lessons[-1]
    login(client, rosa)
    client.post(f"/modules/conectate/lessons/{last.slug}/done")
    response = client.post(f"/modules/conectate/lessons/{last.slug}/quiz",
                           data={"attempt_id": str(uuid.uuid4()), **right_answers(last.quiz)},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Tu resultado" in page and "¡Felicidades! Ganaste tu certificado de Conéctate." in page
    code = db.session.query(Certificate).one().code
    assert f'<a href="/certificates/{code}">Ver certificado</a>' in page
    me = client.get("/api/me").get_json()
    assert [c["module"] for c in me["certificates"]] == ["conectate"]
    assert me["certificates"][0]["new"] is True and "emprendimiento" in me["unlocked"]


def test_a_synced_result_that_completes_the_module_awards_it(app, client, catalog, make_user):
    rosa = make_user()
    module = catalog.module("conectate")
    complete(rosa, module, skip_last=True)
    last = module.lessons[-1]
    token = issue_sync_token(rosa, app.config["SECRET_KEY"])
    items = [{"id": str(uuid.uuid4()), "type": "lesson_completed", "token": token,
              "lesson": last.id, "content_version": module.version,
              "completed_at": "2026-05-14T15:00:00Z"},
             {"id": str(uuid.uuid4()), "type": "quiz_attempt", "token": token, "quiz": last.id,
              "content_version": module.version, "answers": right_answers(last.quiz),
              "answered_at": "2026-05-14T15:05:00Z"}]
    response = client.post("/api/sync", json={"device": str(uuid.uuid4()), "items": items})
    assert [r["status"] for r in response.get_json()["results"]] == ["stored", "stored"]
    login(client, rosa)
    me = client.get("/api/me").get_json()
    assert [c["module"] for c in me["certificates"]] == ["conectate"]
    assert "emprendimiento" in me["unlocked"]
    assert "¡Felicidades! Ganaste tu certificado" in client.get("/certificates").get_data(as_text=True)


def test_me_says_emprendimiento_is_locked_before(client, make_user):
    login(client, make_user())
    me = client.get("/api/me").get_json()
    assert me["certificates"] == [] and "emprendimiento" not in me["unlocked"]
    assert "conectate" in me["unlocked"]
