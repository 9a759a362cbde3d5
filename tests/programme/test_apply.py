"""Applying from a phone: the public form in Spanish, the status page, duplicates, resends."""

from datetime import timedelta

from sqlalchemy import func, select

from learner.programme import applications as scholarships
from learner.extensions import db
from learner.models import Application
from learner.programme.awards import award_one

from ..conftest import login
from .conftest import application_data, form_data
from tests.conftest import programme_today


def count() -> int:
    return db.session.scalar(select(func.count(Application.id)))


def test_form_is_in_spanish_with_the_regions_centres_and_the_pledge(client, call):
    page = client.get("/apply").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "¿Tienes correo electrónico?" in page and "Me comprometo a" in page
    assert 'data-region=' in page and "Centro El Alto Norte" in page and "Cochabamba" in page
    assert "apply-draft.js" in page and "<script>" not in page


def test_without_an_open_call_the_page_says_so(client, centres):
    page = client.get("/apply")
    assert page.status_code == 200 and "no hay una convocatoria abierta" in page.get_data(as_text=True)


def test_applying_gives_a_reference_and_a_status_page(client, call, centres):
    response = client.post("/apply", data=form_data(centres[0]))
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert response.location.endswith(f"/apply/{application.reference}")
    assert (application.status, application.score, application.phone) == ("submitted", 100, "59171234567")
    page = client.get(response.location)
    body = page.get_data(as_text=True)
    assert application.reference in body and "Recibimos tu solicitud" in body
    assert page.headers["Cache-Control"] == "no-store"
    assert "Juana" not in body  # a reference shows the state, not her personal data


def test_without_email_she_is_told_where_her_centre_helps_and_waits(client, call, centres):
    response = client.post("/apply", data=form_data(centres[0], has_email="no", email=""))
    application = db.session.scalar(select(Application))
    assert (application.status, application.email) == ("needs_email", None)
    assert "no_email" in application.flags
    body = client.get(response.location).get_data(as_text=True)
    assert "falta tu correo" in body and "Martes de 9:00 a 12:00, sala 2" in body


def test_email_is_required_when_she_says_she_has_one(client, call, centres):
    response = client.post("/apply", data=form_data(centres[0], email=""))
    assert response.status_code == 400 and count() == 0
    assert "Escribe tu correo, o marca que no tienes." in response.get_data(as_text=True)


def test_same_email_or_phone_in_the_call_is_a_duplicate_explained(client, call, centres):
    assert client.post("/apply", data=form_data(centres[0])).status_code == 302
    again = client.post("/apply", data=form_data(centres[1], phone="76543210", email="JUANA@example.bo"))
    assert again.status_code == 409 and "Ya hay una solicitud con este correo" in again.get_data(as_text=True)
    same_phone = client.post("/apply", data=form_data(centres[0], email="otra@example.bo"))
    assert same_phone.status_code == 409
    assert "Ya hay una solicitud con este nombre y este celular" in same_phone.get_data(as_text=True)
    same_name_written_otherwise = client.post("/apply", data=form_data(
        centres[0], email="otra@example.bo", name="  juana CONDORÍ "))
    assert same_name_written_otherwise.status_code == 409
    assert count() == 1


def test_a_family_member_sharing_the_phone_applies_and_staff_see_it(client, call, centres, coordinator):
    assert client.post("/apply", data=form_data(centres[0])).status_code == 302
    sister = client.post("/apply", data=form_data(centres[0], name="Luz Condori", has_email="no",
                                                   email=""))
    assert sister.status_code == 302 and count() == 2
    first, second = db.session.scalars(select(Application).order_by(Application.id))
    assert (first.shares_phone_with, second.shares_phone_with) == (None, first.reference)
    login(client, coordinator)
    page = client.get(f"/programme/calls/{call.id}/centres/{centres[0].id}").get_data(as_text=True)
    assert f"Comparte celular con {first.reference}" in page


def test_a_resent_form_is_the_same_application(client, call, centres):
    data = form_data(centres[0])
    first = client.post("/apply", data=data)
    second = client.post("/apply", data=data)  # the answer to the first was lost on the way
    assert first.location == second.location and count() == 1


def test_the_centre_must_belong_to_the_chosen_region(client, call, centres):
    alto, cocha = centres
    response = client.post("/apply", data=form_data(alto, region=str(cocha.region_id)))
    assert response.status_code == 400 and count() == 0
    assert "Elige un centro de tu región." in response.get_data(as_text=True)


def test_bad_answers_are_400_with_spanish_messages_never_500(client, call, centres):
    cases = [
        {"phone": "12"}, {"pledge": None}, {"consent": None}, {"hours": "99"}, {"centre": "x"},
        {"submission_id": "not-a-uuid"}, {"for_whom": "family"}, {"search": "hack"}, {"region": ""},
    ]
    for overrides in cases:
        response = client.post("/apply", data=form_data(centres[0], **overrides))
        assert response.status_code == 400, overrides
        assert "Revisa lo que está marcado en rojo." in response.get_data(as_text=True)
    assert count() == 0


def test_a_family_member_application_records_who_applies(client, call, centres):
    client.post("/apply", data=form_data(centres[0], for_whom="family", applicant_name="María Condori",
                                         family_relation="daughter"))
    application = db.session.scalar(select(Application))
    assert (application.for_whom, application.applicant_name, application.family_relation) == (
        "family", "María Condori", "daughter")


def test_applying_is_refused_outside_the_period(app, call, centres, rules):
    late = programme_today() + timedelta(days=31)
    try:
        scholarships.apply(call, application_data(centres[0], 1), rules, late)
    except scholarships.ApplyRefused as refused:
        assert refused.reason == "closed"
    else:
        raise AssertionError("a closed call took an application")


def test_when_places_are_gone_a_new_application_joins_the_waitlist(call, centres, make_application,
                                                                   coordinator):
    first = make_application(centres[1])
    award_one(first.id, coordinator, "s")
    assert make_application(centres[1]).status == "waitlisted"


def test_status_lookup_by_reference(client, call, centres):
    client.post("/apply", data=form_data(centres[0]))
    reference = db.session.scalar(select(Application.reference))
    response = client.get("/apply/status", query_string={"reference": reference.lower().replace("-", "")})
    assert response.status_code == 302 and response.location.endswith(reference)
    assert client.get("/apply/ZZZZ-ZZZZ").status_code == 404
    assert client.get("/apply/status", query_string={"reference": "x"}).status_code == 400
