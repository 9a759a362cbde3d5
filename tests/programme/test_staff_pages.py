"""The coordinator's pages: making a call, reviewing a centre, sharing codes."""

import re

from sqlalchemy import select

from learner.common import mail
from learner.programme.activation import code_matches
from learner.extensions import db
from learner.models import Application, CallCentre, ScholarshipCall
from learner.programme.awards import award_one

from ..conftest import login
from .conftest import SECRET


def test_a_coordinator_opens_a_call_with_places_per_centre(client, centres, coordinator):
    alto, cocha = centres
    login(client, coordinator)
    assert "Plazas por centro" in client.get("/programme/calls/new").get_data(as_text=True)
    response = client.post("/programme/calls/new", data={
        "name": "Lanzamiento El Alto", "opens_on": "2026-03-01", "closes_on": "2026-03-31",
        f"places-{alto.id}": "500", f"help-{alto.id}": "Lunes 9:00", f"places-{cocha.id}": ""})
    assert response.status_code == 302
    call = db.session.scalar(select(ScholarshipCall))
    assert [(p.centre_id, p.places, p.email_help) for p in call.centres] == [(alto.id, 500, "Lunes 9:00")]


def test_a_call_form_with_bad_dates_or_places_is_400(client, centres, coordinator):
    login(client, coordinator)
    bad_dates = client.post("/programme/calls/new", data={
        "name": "X", "opens_on": "2026-03-31", "closes_on": "2026-03-01"})
    assert bad_dates.status_code == 400
    bad_places = client.post("/programme/calls/new", data={
        "name": "X", "opens_on": "2026-03-01", "closes_on": "2026-03-31", f"places-{centres[0].id}": "-3"})
    assert bad_places.status_code == 400 and db.session.scalar(select(ScholarshipCall)) is None


def test_places_cannot_drop_below_the_awards(client, call, centres, make_application, coordinator):
    alto, cocha = centres
    award_one(make_application(cocha).id, coordinator, SECRET)
    login(client, coordinator)
    response = client.post(f"/programme/calls/{call.id}/edit", data={
        "name": call.name, "opens_on": str(call.opens_on), "closes_on": str(call.closes_on),
        f"places-{alto.id}": "2", f"places-{cocha.id}": "0"})
    assert response.status_code == 400
    assert "no se puede quitar" in response.get_data(as_text=True)
    assert db.session.scalar(select(CallCentre.places).where(CallCentre.centre_id == cocha.id)) == 1


def test_the_share_page_gives_the_code_a_whatsapp_link_and_print(client, call, centres,
                                                                 make_application, coordinator):
    application = make_application(centres[0], name="Rosa Quispe")
    login(client, coordinator)
    page = client.post(f"/programme/applications/{application.id}/award").get_data(as_text=True)
    code = re.search(r'class="big-code">([A-Z0-9]{5}-[A-Z0-9]{5})<', page).group(1)
    db.session.expire_all()
    assert code_matches(db.session.get(Application, application.id), code, SECRET)
    assert f"https://wa.me/{application.phone}?text=" in page and "data-print" in page
    assert "/activate%3Fcode%3D" + code in page  # the WhatsApp message carries the link


def test_award_top_from_the_centre_page(client, call, centres, make_application, coordinator):
    for _ in range(3):
        make_application(centres[0])
    login(client, coordinator)
    page = client.post(f"/programme/calls/{call.id}/centres/{centres[0].id}/award-top",
                       data={"n": "5", "expected_left": "2"})
    assert page.status_code == 200 and page.get_data(as_text=True).count('class="slip"') == 2
    again = client.post(f"/programme/calls/{call.id}/centres/{centres[0].id}/award-top",
                        data={"n": "5", "expected_left": "2"})
    assert again.status_code == 302
    listing = client.get(again.location).get_data(as_text=True)
    assert "No quedan plazas" in listing and "En lista de espera" in listing


def test_withdrawing_shows_the_code_of_the_one_promoted(client, call, centres, make_application, coordinator):
    holder = make_application(centres[1])
    award_one(holder.id, coordinator, SECRET)
    make_application(centres[1], name="Siguiente en la lista")
    login(client, coordinator)
    page = client.post(f"/programme/applications/{holder.id}/withdraw").get_data(as_text=True)
    assert "Siguiente en la lista" in page and 'class="big-code"' in page


def test_staff_add_the_email_she_created_at_the_centre(client, call, centres, make_application, coordinator):
    application = make_application(centres[0], email=None)
    login(client, coordinator)
    bad = client.post(f"/programme/applications/{application.id}/email", data={"email": "nope"})
    assert bad.status_code == 302
    client.post(f"/programme/applications/{application.id}/email", data={"email": "ella@example.bo"})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"


def test_the_code_goes_by_email_only_if_it_is_her_current_one(client, call, centres, make_application,
                                                              coordinator, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send_mail", lambda config, to, subject, body: sent.append((to, body)) or True)
    application = make_application(centres[0])
    code = award_one(application.id, coordinator, SECRET).code
    login(client, coordinator)
    wrong = client.post(f"/programme/applications/{application.id}/send-code", data={"code": "ABCDE-FGHJK"})
    assert wrong.status_code == 302 and sent == []
    page = client.post(f"/programme/applications/{application.id}/send-code", data={"code": code})
    assert "Correo enviado." in page.get_data(as_text=True)
    assert sent[0][0] == application.email and code in sent[0][1] and "/activate?code=" in sent[0][1]


def test_a_failed_email_says_so(client, call, centres, make_application, coordinator, monkeypatch):
    monkeypatch.setattr(mail, "send_mail", lambda *args: False)
    application = make_application(centres[0])
    code = award_one(application.id, coordinator, SECRET).code
    login(client, coordinator)
    page = client.post(f"/programme/applications/{application.id}/send-code", data={"code": code})
    assert "No se pudo enviar el correo" in page.get_data(as_text=True)


def test_rejecting_from_the_list(client, call, centres, make_application, coordinator):
    application = make_application(centres[0])
    login(client, coordinator)
    assert client.post(f"/programme/applications/{application.id}/reject").status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "rejected"
    again = client.post(f"/programme/applications/{application.id}/award", follow_redirects=True)
    assert "ya no se puede cambiar" in again.get_data(as_text=True)
