"""Joining a centre needs the learner's consent (issue 14.3, issue 16.6, DESIGN 3.9).

A trainer cannot pull an unenrolled learner into her centre by typing her e-mail: the learner
accepts from her own account, or gives the trainer her join code in person, or chose the centre
herself at sign-up. A trainer sees only what arrived while the learner was in her cohorts."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from learner.extensions import db
from learner.accounts.joining import join_code
from learner.models import Enrolment, JoinRequest, User
from learner.common.timeutil import utcnow
from tests.conftest import login
from tests.trainer.conftest import add_attempt, quick_user


def active_cohort(user) -> int | None:
    db.session.expire_all()
    return db.session.scalar(select(Enrolment.cohort_id).where(Enrolment.user_id == user.id,
                                                                Enrolment.status == "active"))


def test_a_trainer_cannot_pull_an_unenrolled_learner_in_by_email(app, client, world):
    maria = quick_user("María Condori")
    add_attempt(app, maria, {"q1": "a"}, receipt="MAR-123")
    db.session.commit()
    login(client, world.trainer_a)
    client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol", data={"email": maria.email})
    assert active_cohort(maria) is None
    # Her history, her receipts and a reset code for her account stay out of reach.
    assert client.get(f"/trainer/learners/{maria.id}").status_code == 404
    assert client.post(f"/trainer/learners/{maria.id}/reset-code").status_code == 404
    assert client.get("/trainer/receipts?code=MAR-123").status_code == 404
    # A wrong code is no consent either (nor one in other letters).
    for wrong in ("AAAA-BBBB", "ÑÑÑÑ-ÉÉÉÉ"):
        answer = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                             data={"email": maria.email, "code": wrong})
        assert answer.status_code == 302
    assert active_cohort(maria) is None


def test_she_declines_and_stays_out(client, world):
    maria = quick_user("María Condori")
    db.session.commit()
    login(client, world.trainer_a)
    client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol", data={"email": maria.email})
    client.post("/logout")
    login(client, maria)
    request_id = db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == maria.id))
    assert client.post(f"/account/join-requests/{request_id}", data={"answer": "decline"}).status_code == 302
    assert active_cohort(maria) is None
    # Answered once: the same request cannot be accepted later, nor by anyone else.
    assert client.post(f"/account/join-requests/{request_id}", data={"answer": "accept"}).status_code == 404
    assert active_cohort(maria) is None


def test_nobody_answers_a_request_made_to_someone_else(client, world):
    maria = quick_user("María Condori")
    db.session.commit()
    login(client, world.trainer_a)
    client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol", data={"email": maria.email})
    request_id = db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == maria.id))
    for who in (world.trainer_a, world.eva):
        client.post("/logout")
        login(client, who)
        assert client.post(f"/account/join-requests/{request_id}",
                           data={"answer": "accept"}).status_code == 404
    assert active_cohort(maria) is None


def test_her_join_code_given_in_person_enrols_her(app, client, world):
    maria = quick_user("María Condori")
    db.session.commit()
    login(client, maria)
    code = join_code(maria, app.config["SECRET_KEY"])
    assert code in client.get("/account").get_data(as_text=True)
    client.post("/logout")
    login(client, world.trainer_a)
    response = client.post(f"/trainer/cohorts/{world.cohort_a.id}/enrol",
                           data={"email": maria.email, "code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert active_cohort(maria) == world.cohort_a.id


def sign_up(client, world, **extra):
    data = {"name": "Lucía Nueva", "email": "lucia.nueva@example.bo",
            "password": "una-clave-larga-9", "consent": "y", **extra}
    return client.post("/signup", data=data)


def test_a_new_learner_chooses_her_centre_and_its_trainer_takes_her_in(app, client, world):
    page = client.get("/signup").get_data(as_text=True)
    assert "¿En qué centro aprendes?" in page and "Centro El Alto Norte" in page
    assert sign_up(client, world, region=str(world.centre_a.region_id),
                   centre=str(world.centre_a.id)).status_code == 302
    lucia = db.session.scalar(select(User).where(User.email == "lucia.nueva@example.bo"))
    add_attempt(app, lucia, {"q1": "a"}, receipt="LUC-456")
    db.session.commit()
    client.post("/logout")

    login(client, world.trainer_b)  # another centre: she did not choose it
    assert "Lucía Nueva" not in client.get("/trainer/").get_data(as_text=True)
    assert client.get("/trainer/receipts?code=LUC-456").status_code == 404
    client.post("/logout")

    login(client, world.trainer_a)
    index = client.get("/trainer/").get_data(as_text=True)
    assert "Nuevas participantes" in index and "Lucía Nueva" in index
    # Until she is in a group, her centre can still find her receipts.
    found = client.get("/trainer/receipts?code=LUC-456")
    assert found.status_code == 200 and "nueva participante" in found.get_data(as_text=True)
    request_id = db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == lucia.id))
    accepted = client.post(f"/trainer/join-requests/{request_id}/accept",
                           data={f"join{world.centre_a.id}-cohort": str(world.cohort_a2.id)})
    assert accepted.status_code == 302
    assert active_cohort(lucia) == world.cohort_a2.id
    assert "Nuevas participantes" not in client.get("/trainer/").get_data(as_text=True)
    # A group of another centre is refused.
    other = quick_user("Otra Nueva")
    db.session.add(JoinRequest(user_id=other.id, centre_id=world.centre_a.id, source="signup"))
    db.session.commit()
    other_request = db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == other.id))
    assert client.post(f"/trainer/join-requests/{other_request}/accept",
                       data={f"join{world.centre_a.id}-cohort": str(world.cohort_b.id)}).status_code == 400
    assert active_cohort(other) is None


def test_a_centre_of_another_region_is_refused_at_sign_up(client, world):
    response = sign_up(client, world, region=str(world.centre_b.region_id),
                       centre=str(world.centre_a.id))
    assert response.status_code == 400 and "Elige un centro de tu región." in response.get_data(as_text=True)
    assert sign_up(client, world, centre="999999").status_code == 400
    assert db.session.scalar(select(User).where(User.email == "lucia.nueva@example.bo")) is None
    # Without a centre she still signs up (she may learn on her own).
    assert sign_up(client, world).status_code == 302


def test_a_trainer_sees_only_what_arrived_while_she_was_in_her_cohorts(app, client, world, caplog):
    """Rosa learned at centre A, then moved to centre B (logged). Each centre sees its part."""
    add_attempt(app, world.rosa, {"q1": "a"}, receipt="AAA-111",
                received_at=utcnow() - timedelta(days=3))
    db.session.commit()
    caplog.set_level(logging.WARNING, logger="learner.web.security")
    login(client, world.coordinator)
    assert client.post(f"/trainer/learners/{world.rosa.id}/move",
                       data={"cohort": str(world.cohort_b.id)}).status_code == 302
    assert any("learner moved between centres" in r.getMessage()
               and f"learner={world.rosa.id}" in r.getMessage() for r in caplog.records)
    add_attempt(app, world.rosa, {"q1": "b"}, receipt="BBB-222")
    db.session.commit()
    client.post("/logout")

    login(client, world.trainer_a)
    page = client.get(f"/trainer/learners/{world.rosa.id}").get_data(as_text=True)
    assert "AAA-111" in page and "BBB-222" not in page
    assert client.get("/trainer/receipts?code=BBB-222").status_code == 404
    client.post("/logout")

    login(client, world.trainer_b)
    page = client.get(f"/trainer/learners/{world.rosa.id}").get_data(as_text=True)
    assert "BBB-222" in page and "AAA-111" not in page
    assert client.get("/trainer/receipts?code=AAA-111").status_code == 404
    csv = client.get(f"/trainer/cohorts/{world.cohort_b.id}/results.csv").get_data(as_text=True)
    assert "BBB-222" in csv and "AAA-111" not in csv
