"""Enrolling, moving and withdrawing learners; the trainer guides."""

from __future__ import annotations

from sqlalchemy import select

from learner.accounts.users import find_by_email
from learner.extensions import db
from learner.accounts.joining import join_code
from learner.models import Enrolment, JoinRequest
from tests.conftest import login
from tests.trainer.conftest import quick_user


def enrolments(user) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(e.cohort_id, e.status) for e in db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.id))]


def test_an_existing_learner_joins_when_she_accepts_from_her_account(client, world):
    maria = quick_user("María Condori")
    login(client, world.trainer_a)
    response = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                           data={"email": " MariaCondori@Example.bo "}, follow_redirects=True)
    assert response.status_code == 200 and "Le pedimos que acepte" in response.get_data(as_text=True)
    assert enrolments(maria) == []  # not before she says yes
    client.post("/logout")
    login(client, maria)
    account = client.get("/account").get_data(as_text=True)
    assert "Grupo mañanas" in account
    request_id = db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == maria.id))
    assert client.post(f"/account/join-requests/{request_id}",
                       data={"answer": "accept"}).status_code == 302
    assert enrolments(maria) == [(world.cohort_a.id, "active")]
    client.post("/logout")
    login(client, world.trainer_a)
    again = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol", data={"email": maria.email})
    assert again.status_code == 400
    assert "Ya está inscrita en este grupo" in again.get_data(as_text=True)


def test_a_learner_active_in_another_cohort_is_not_enrolled_twice(client, world):
    login(client, world.trainer_a)
    response = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                           data={"email": world.eva.email})
    assert response.status_code == 400
    assert "Ya está inscrita en otro grupo" in response.get_data(as_text=True)
    assert enrolments(world.eva) == [(world.cohort_b.id, "active")]


def test_staff_accounts_and_unknown_emails_are_refused(client, world):
    login(client, world.trainer_a)
    url = f"/trainer/cohorts/{world.cohort_a.id}/enrol"
    staff = client.post(url, data={"email": world.trainer_b.email})
    assert staff.status_code == 400 and "no es de una participante" in staff.get_data(as_text=True)
    unknown = client.post(url, data={"email": "nadie@example.bo"})
    assert unknown.status_code == 400
    assert "Escribe también su nombre" in unknown.get_data(as_text=True)
    bad = client.post(url, data={"email": "no-es-correo"})
    assert bad.status_code == 400 and "Revisa el correo" in bad.get_data(as_text=True)


def test_a_new_learner_gets_an_account_and_then_a_code(client, world):
    login(client, world.trainer_a)
    response = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                           data={"email": "nueva@example.bo", "name": "Nueva Huanca"})
    created = find_by_email("nueva@example.bo")
    assert created.role == "learner" and created.name == "Nueva Huanca"
    assert response.location.endswith(f"/trainer/learners/{created.id}")
    assert enrolments(created) == [(world.cohort_a.id, "active")]
    assert client.post(f"/trainer/learners/{created.id}/reset-code").status_code == 200


def test_move_changes_the_cohort_of_the_active_enrolment(client, world):
    login(client, world.trainer_a)
    response = client.post(f"/trainer/learners/{world.rosa.id}/move",
                           data={"cohort": str(world.cohort_a2.id)})
    assert response.status_code == 302
    assert enrolments(world.rosa) == [(world.cohort_a2.id, "active")]


def test_withdraw_then_enrol_again(app, client, world):
    login(client, world.trainer_a)
    assert client.post(f"/trainer/learners/{world.rosa.id}/withdraw").status_code == 302
    assert enrolments(world.rosa) == [(world.cohort_a.id, "withdrawn")]
    page = client.get(f"/trainer/cohorts/{world.cohort_a.id}").get_data(as_text=True)
    assert "Rosa" not in page.split("Necesitan atención")[1]
    # She left: the trainer may no longer change her, and taking her back needs her consent.
    assert client.post(f"/trainer/learners/{world.rosa.id}/withdraw").status_code == 403
    code = join_code(world.rosa, app.config["SECRET_KEY"])
    client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                data={"email": world.rosa.email, "code": code})
    assert enrolments(world.rosa) == [(world.cohort_a.id, "active")]


def test_each_module_has_a_guide_with_answer_key_and_handouts(app, client, world, catalog):
    login(client, world.trainer_b)
    index = client.get("/trainer/guides").get_data(as_text=True)
    for module in catalog.modules:
        assert f"/trainer/guides/{module.slug}" in index
        body = client.get(f"/trainer/guides/{module.slug}").get_data(as_text=True)
        assert "Guía para la facilitadora" in body
        for lesson in module.lessons:
            first = lesson.quiz.questions[0]
            assert first.choice_text(sorted(first.answer)[0]).replace('"', "&#34;") in body
            assert lesson.remember[0].replace('"', "&#34;") in body
        assert body.count('class="handout remember"') == len(module.lessons)
    handouts = client.get("/trainer/guides/conectate?only=handouts").get_data(as_text=True)
    assert 'id="key"' not in handouts and 'class="handout remember"' in handouts
    assert client.get("/trainer/guides/no-such-module").status_code == 404
