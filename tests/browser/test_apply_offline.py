"""Applying for a scholarship from a phone with no network: the page opens from the worker's
cache, the application waits in the outbox, reaches the server once when the network returns,
and her reference code stays on the phone; a refused one stays visible with its reason."""

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from learner.programme import calls
from learner.programme import applications as scholarships
from learner.demo import ensure_centre, ensure_regions
from learner.extensions import db
from learner.models import Application, CallCentre, ScholarshipCall
from tests.browser.helpers import expect_status, signed_in, store, wait_for_sw_control, wait_until
from tests.browser.test_offline_sync import PLANT, QUIZ
from tests.browser.test_a11y import axe_page, serious_violations  # noqa: F401
from tests.browser.test_pwa_lifecycle import NO_BACKGROUND_SYNC, deploy, offered_update  # noqa: F401
from tests.conftest import REGIONS, programme_today


@pytest.fixture
def open_call(server):
    with server.app.app_context():
        centre = ensure_centre(ensure_regions(REGIONS)["El Alto"], "Centro El Alto Norte")
        today = programme_today()
        call = calls.save_call(None, f"Convocatoria {uuid.uuid4().hex[:6]}", today - timedelta(days=1),
                               today + timedelta(days=30), {centre.id: (5, "Martes de 9:00 a 12:00")})
        yield call.id, centre.id
        for model in (Application, CallCentre, ScholarshipCall):
            db.session.execute(delete(model))
        db.session.commit()


def applications(server):
    return server.query(lambda s: [(a.submission_id, a.reference, a.email)
                                   for a in s.scalars(select(Application))])


def fill_application(page, name="Juana Condori", email="juana@example.bo"):
    page.get_by_label("Para mí").check()
    page.get_by_label("Nombre completo de quien va a estudiar").fill(name)
    page.get_by_label("Región", exact=True).select_option(label="El Alto")
    page.get_by_label("Centro (de tu región)").select_option(label="Centro El Alto Norte")
    page.get_by_label("Celular con WhatsApp").fill("71234567")
    page.locator("input[name=has_email][value=yes]").check()
    page.get_by_label("Correo electrónico").fill(email)
    for name_, value in (("hours", "5"), ("connection", "own_phone"), ("search", "search_engine"),
                         ("whatsapp", "internet"), ("prize", "ignore")):
        page.locator(f"input[name={name_}][value='{value}']").check()
    page.locator("input[name=pledge]").check()
    page.locator("input[name=consent]").check()


def test_the_apply_page_opens_offline_and_each_visit_makes_a_new_application_id(page, context, server, open_call):
    page.goto("/apply")
    wait_for_sw_control(page)
    context.set_offline(True)
    ids = []
    for _ in range(2):  # the same cached page, never the same id (nothing typed: no draft)
        page.goto("/apply")
        expect(page.get_by_role("heading", name="Postula a una beca")).to_be_visible()
        ids.append(page.locator("input[name=submission_id]").input_value())
    assert ids[0] != ids[1] and all(uuid.UUID(i) for i in ids)
    page.get_by_label("Región", exact=True).select_option(label="El Alto")
    page.get_by_label("Centro (de tu región)").select_option(label="Centro El Alto Norte")
    page.reload()  # what she chose is kept on the phone, with its id
    expect(page.get_by_label("Centro (de tu región)")).to_have_value(str(open_call[1]))
    assert page.locator("input[name=submission_id]").input_value() == ids[1]


def test_an_application_sent_offline_waits_then_arrives_once_and_her_code_stays(page, context, server, open_call):
    page.goto("/apply")
    wait_for_sw_control(page)
    context.set_offline(True)
    fill_application(page)
    page.get_by_role("button", name="Enviar solicitud").click()
    mine = page.locator("#my-applications")
    expect(mine).to_contain_text("Está guardada en tu teléfono. Se enviará cuando tengas conexión.")
    [item] = store(page)
    assert (item["type"], item["call"], item["fields"]["name"]) == ("application", open_call[0], "Juana Condori")
    assert applications(server) == []
    expect_status(page, "Sin conexión · 1 solicitud por enviar")  # not a "resultado"
    expect(page.get_by_label("Nombre completo de quien va a estudiar")).to_have_value("")  # ready for the next

    context.set_offline(False)
    [(submission_id, reference, email)] = wait_until(lambda: applications(server), what="the application")
    assert (submission_id, email) == (item["id"], "juana@example.bo")
    expect(mine).to_contain_text(f"Tu solicitud fue enviada. Tu código: {reference}")
    assert store(page) == [] and [s["receipt"] for s in store(page, "sent")] == [reference]
    page.reload()  # later, on the same phone
    expect(page.locator("#my-applications")).to_contain_text(f"Tu código: {reference}")
    page.get_by_role("link", name="Ver cómo va").click()
    expect(page.locator(".big-code")).to_have_text(reference)
    assert len(applications(server)) == 1


def someone_applied_with(server, open_call, email):
    call_id, centre_id = open_call
    with server.app.app_context():
        data = scholarships.ApplicationData(
            submission_id=str(uuid.uuid4()), centre_id=centre_id, name="Otra Persona",
            email=email, phone="59170000001", for_whom="self", applicant_name=None,
            family_relation=None, hours_per_week=5, connection="own_phone", self_check={})
        scholarships.apply(db.session.get(ScholarshipCall, call_id), data, scholarships.rules(),
                           programme_today())


def test_a_refused_application_stays_visible_with_its_reason_until_she_corrects_it(page, server, open_call):
    someone_applied_with(server, open_call, "juana@example.bo")
    page.goto("/apply")
    fill_application(page)
    page.get_by_role("button", name="Enviar solicitud").click()
    mine = page.locator("#my-applications")
    expect(mine).to_contain_text("No se pudo enviar. Ya hay una solicitud con este correo en esta convocatoria.")
    [failed] = store(page, "failed")
    assert (failed["reason"], failed["field"]) == ("already_applied", "email")
    expect_status(page, "1 solicitud no se pudo enviar (ver)")
    page.reload()
    expect(mine).to_contain_text("Ya hay una solicitud con este correo")

    page.get_by_role("button", name="Corregir y enviar otra vez").click()
    expect(page.get_by_label("Nombre completo de quien va a estudiar")).to_have_value("Juana Condori")
    # Until the corrected one is in the outbox, the refused one stays: a closed tab loses nothing.
    assert [f["id"] for f in store(page, "failed")] == [failed["id"]]
    page.reload()
    expect(page.get_by_label("Nombre completo de quien va a estudiar")).to_have_value("Juana Condori")
    expect(mine).to_contain_text("Ya hay una solicitud con este correo")
    page.get_by_label("Correo electrónico").fill("juana.condori@example.bo")
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(mine).to_contain_text("Tu solicitud fue enviada. Tu código:")
    expect(mine).not_to_contain_text("Ya hay una solicitud con este correo")
    assert store(page, "failed") == []
    assert sorted(a[2] for a in applications(server)) == ["juana.condori@example.bo", "juana@example.bo"]


def test_the_worker_sends_a_waiting_application_with_no_page_open(page, context, server, open_call, deploy):
    context.add_init_script(NO_BACKGROUND_SYNC)
    page.goto("/apply")
    wait_for_sw_control(page)
    server.outage = True  # the API is out of reach: the application waits
    fill_application(page)
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(page.locator("#my-applications")).to_contain_text("Está guardada en tu teléfono")
    [item] = store(page)
    page.route("**/api/applications", lambda route: route.abort())  # this page cannot send it
    server.outage = False
    deploy()
    offered_update(page)
    page.close()  # no page left: the new worker takes over and flushes when it activates
    [(submission_id, reference, _)] = wait_until(lambda: applications(server), what="the worker's send")
    assert submission_id == item["id"]
    page = context.new_page()
    page.goto("/apply")
    expect(page.locator("#my-applications")).to_contain_text(f"Tu código: {reference}")


def test_the_apply_page_its_list_and_mis_envios_have_no_serious_axe_violations(axe_page, server, open_call):
    someone_applied_with(server, open_call, "juana@example.bo")
    axe_page.goto("/apply")
    for n, email in enumerate(("juana@example.bo", "luz@example.bo"), start=1):  # refused, sent
        fill_application(axe_page, name=email.split("@")[0].title(), email=email)
        axe_page.get_by_role("button", name="Enviar solicitud").click()
        expect(axe_page.locator("#my-applications li")).to_have_count(n)
    axe_page.get_by_role("button", name="Quitar del teléfono").click()  # the question shows
    expect(axe_page.get_by_role("button", name="Sí, quitar")).to_be_visible()
    assert serious_violations(axe_page) == []
    axe_page.goto("/outbox")
    expect(axe_page.locator("#failed-list")).to_contain_text("Solicitud de beca para Juana")
    assert serious_violations(axe_page) == []


APPLICATION = """([call, name]) => Outbox.add({id: crypto.randomUUID(), type: 'application', call,
    fields: {name}, title: name})"""


def test_the_status_line_counts_applications_apart_from_results(page, server, open_call):
    learner = signed_in(page, server)
    page.goto("/outbox")
    page.evaluate(PLANT, [learner["id"], "conectate/no-existe", "Un cuestionario borrado"])
    page.evaluate(APPLICATION, [999999, "Juana Condori"])  # a call that does not exist
    page.get_by_role("button", name="Enviar ahora").click()
    expect(page.locator("#sync-status")).to_have_text("1 resultado y 1 solicitud no se pudieron enviar (ver)")

    server.outage = True  # what comes next waits
    for _ in range(2):
        page.evaluate(PLANT, [learner["id"], QUIZ, "Tu celular, parte por parte"])
    page.evaluate(APPLICATION, [open_call[0], "Luz Quispe"])
    page.reload()
    expect(page.locator("#sync-status")).to_have_text(
        "2 resultados y 1 solicitud por enviar · 1 resultado y 1 solicitud no se pudieron enviar (ver)")


def refused_and_waiting(page, context, server, open_call):
    """On /apply: Juana's application refused (her e-mail was used), Luz's waiting offline."""
    someone_applied_with(server, open_call, "juana@example.bo")
    page.goto("/apply")
    wait_for_sw_control(page)
    fill_application(page)
    page.get_by_role("button", name="Enviar solicitud").click()
    mine = page.locator("#my-applications")
    expect(mine).to_contain_text("Ya hay una solicitud con este correo")
    context.set_offline(True)
    fill_application(page, name="Luz Quispe", email="luz@example.bo")
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(mine).to_contain_text("Está guardada en tu teléfono")


def test_mis_envios_shows_each_application_for_whom_where_its_state_and_why_refused(page, context, server, open_call):
    refused_and_waiting(page, context, server, open_call)
    page.goto("/outbox")
    waiting = page.locator("#pending-list li")
    expect(waiting).to_have_count(1)
    for text in ("Solicitud de beca para Luz Quispe", "Centro El Alto Norte",
                 "Está guardada en tu teléfono. Se enviará cuando tengas conexión."):
        expect(waiting).to_contain_text(text)
    refused = page.locator("#failed-list li")
    expect(refused).to_have_count(1)
    for text in ("Solicitud de beca para Juana Condori", "Centro El Alto Norte",
                 "No se pudo enviar. Ya hay una solicitud con este correo en esta convocatoria."):
        expect(refused).to_contain_text(text)
    refused.get_by_role("link", name="Corregirla en la página de becas").click()
    expect(page.get_by_role("heading", name="Postula a una beca")).to_be_visible()
    expect(page.locator("#my-applications .app-failed")).to_contain_text("Juana Condori")


def test_she_can_remove_a_refused_application_from_the_phone_after_confirming(page, context, server, open_call):
    refused_and_waiting(page, context, server, open_call)
    refused = page.locator("#my-applications .app-failed")
    refused.get_by_role("button", name="Quitar del teléfono").click()
    expect(refused).to_contain_text(
        "¿Quitar la solicitud de Juana Condori de este teléfono? Se borrará todo lo que escribiste en ella.")
    refused.get_by_role("button", name="No, dejarla").click()  # changed her mind: nothing goes
    expect(refused.get_by_role("button", name="Quitar del teléfono")).to_be_visible()
    assert len(store(page, "failed")) == 1

    refused.get_by_role("button", name="Corregir y enviar otra vez").click()  # she begins a correction
    name = page.get_by_label("Nombre completo de quien va a estudiar")
    expect(name).to_have_value("Juana Condori")
    refused.get_by_role("button", name="Quitar del teléfono").click()
    refused.get_by_role("button", name="Sí, quitar").click()
    expect(refused).to_have_count(0)
    expect(name).to_have_value("")  # what she wrote goes too, her correction of it included
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('apply-draft'))") == []
    assert store(page, "failed") == []
    expect(page.locator("#sync-status")).to_have_text("Sin conexión · 1 solicitud por enviar")
    expect(page.locator("#my-applications")).to_contain_text("Luz Quispe")  # the waiting one stays
    assert [i["fields"]["name"] for i in store(page)] == ["Luz Quispe"]
    page.goto("/outbox")
    expect(page.locator("#failed-list")).to_have_text("No hay nada aquí.")
    expect(page.locator("#sync-status")).not_to_contain_text("no se pudo")
