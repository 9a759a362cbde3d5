"""Her data is hers: she downloads it, she deletes it (or the coordination does, when she asks),
and a phone that syncs after that is told `gone`. Consent is asked at sign-up."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from learner.accounts.users import issue_sync_token
from learner.extensions import db
from learner.models import (
    Application,
    CallCentre,
    Certificate,
    Enrolment,
    PasswordResetCode,
    QuizAttempt,
    ScholarshipCall,
    SyncConflict,
    User,
)
from learner.accounts.privacy import NotALearner, delete_learner, export_learner_data, owned_tables
from learner.common.timeutil import utcnow
from tests.api.test_sync import DEVICE, attempt
from tests.security.conftest import sign_in


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def add_application(people, email: str) -> Application:
    """An application to an earlier call, sent before she had an account: no user_id."""
    call = ScholarshipCall(name="Becas 2025", opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31))
    db.session.add_all([call, CallCentre(call=call, centre_id=people.centre_a.id, places=5)])
    db.session.flush()
    row = Application(reference="M3RT-9XQZ", submission_id="s-1", call_id=call.id,
                      centre_id=people.centre_a.id, name="Rosa Mamani", email=email,
                      phone="59171234567", hours_per_week=5, connection="own_phone",
                      self_check={"q": "a"}, pledged_at=utcnow(), activation_hash="h" * 64)
    db.session.add(row)
    db.session.commit()
    return row


def test_she_downloads_everything_about_her_and_no_secret(client, people):
    db.session.add(PasswordResetCode(user_id=people.rosa.id, code_hash="secret-hash",
                                     expires_at=utcnow() + timedelta(minutes=30)))
    add_application(people, people.rosa.email)  # names her e-mail, nothing more: not proven hers
    sign_in(client, people.rosa)
    response = client.get("/account/data")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["account"]["email"] == people.rosa.email
    assert [a["id"] for a in data["quiz_attempt"]] == [people.attempt.id]
    assert data["quiz_attempt"][0]["answers"] == {"q1": "a"}
    assert [c["code"] for c in data["certificate"]] == [people.certificate.code]
    assert len(data["lesson_completion"]) == 1 and len(data["enrolment"]) == 1
    assert {a["reference"] for a in data["application"]} == {"K7PQ-2MXA"}
    assert "M3RT-9XQZ" not in response.get_data(as_text=True)
    assert len(data["password_reset_code"]) == 1
    text = response.get_data(as_text=True)
    for secret in ("password_hash", "secret-hash", "code_hash", "activation_hash", "h" * 64):
        assert secret not in text
    assert people.eva.email not in text and people.eva.name not in text


def test_the_export_covers_every_table_that_points_at_a_user(app, people):
    """A table added later with a user_id column is exported (and deleted) without a list to edit."""
    expected = {t.name for t in db.metadata.sorted_tables
                if "user_id" in t.c and any(fk.column.table.name == "user"
                                            for fk in t.c.user_id.foreign_keys)}
    assert expected == {t.name for t in owned_tables()}
    assert expected <= set(export_learner_data(people.rosa))
    assert {"quiz_attempt", "lesson_completion", "certificate", "enrolment"} <= expected


def test_signing_in_is_needed_to_download(client):
    response = client.get("/account/data")
    assert response.status_code == 302 and "/login" in response.location


def test_she_deletes_her_account_with_her_password(client, people, app, catalog):
    token = issue_sync_token(people.rosa, app.config["SECRET_KEY"])
    rosa_id = people.rosa.id
    sign_in(client, people.rosa)
    page = client.get("/account/delete")
    assert page.status_code == 200 and "Borrar mi cuenta" in page.get_data(as_text=True)
    wrong = client.post("/account/delete", data={"password": "otra-cosa", "understood": "y"})
    assert wrong.status_code == 400 and "La contraseña no es correcta." in wrong.get_data(as_text=True)
    unconfirmed = client.post("/account/delete", data={"password": "secreto123"})
    assert unconfirmed.status_code == 400
    assert db.session.get(User, rosa_id) is not None

    done = client.post("/account/delete", data={"password": "secreto123", "understood": "y"},
                       follow_redirects=True)
    assert done.status_code == 200 and "fueron borrados" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, rosa_id) is None
    for model in (QuizAttempt, Certificate, Enrolment):
        assert count(model, user_id=rosa_id) == 0
    assert client.get("/account").status_code == 302  # signed out
    assert count(User, id=people.eva.id) == 1  # nobody else touched

    # Her phone comes back online with a result queued before the deletion.
    item = attempt(token, catalog)
    answer = client.post("/api/sync", json={"device": DEVICE, "items": [item]}).get_json()
    assert answer["results"] == [{"id": item["id"], "status": "gone"}]
    assert count(QuizAttempt) == 0 and count(User, id=rosa_id) == 0


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_deleting_needs_the_csrf_token(client, people):
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": people.rosa.email, "password": "secreto123",
                                "csrf_token": csrf})
    response = client.post("/account/delete", data={"password": "secreto123", "understood": "y"})
    assert response.status_code == 400
    assert db.session.get(User, people.rosa.id) is not None


def test_staff_cannot_delete_their_own_account_here(client, people):
    sign_in(client, people.trainer_a)
    assert client.get("/account/delete").status_code == 403
    response = client.post("/account/delete", data={"password": "secreto123", "understood": "y"})
    assert response.status_code == 403
    assert db.session.get(User, people.trainer_a.id) is not None
    with pytest.raises(NotALearner):
        delete_learner(people.trainer_a)


def test_the_coordinator_deletes_a_learner_who_asked(client, people):
    add_application(people, people.rosa.email)
    rosa_id, name = people.rosa.id, people.rosa.name
    sign_in(client, people.coordinator)
    page = client.get(f"/admin/learners/{rosa_id}/delete")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and name in body and "Resultados de cuestionarios" in body
    exported = client.get(f"/admin/learners/{rosa_id}/data")
    assert exported.status_code == 200 and json.loads(exported.data)["account"]["id"] == rosa_id
    assert client.post(f"/admin/learners/{rosa_id}/delete").status_code == 400  # not confirmed
    done = client.post(f"/admin/learners/{rosa_id}/delete", data={"understood": "y"})
    assert done.status_code == 302 and done.location.endswith("/trainer/")
    db.session.expire_all()
    assert db.session.get(User, rosa_id) is None
    # Hers (the award made her account) is gone; one that only named her e-mail stays, unlinked.
    assert [a.reference for a in db.session.scalars(select(Application))] == ["M3RT-9XQZ"]
    assert count(Application, user_id=rosa_id) == 0 and count(Certificate) == 0
    assert client.get(f"/admin/learners/{rosa_id}/delete").status_code == 404


@pytest.mark.parametrize("who", ["rosa", "eva", "trainer_a", "trainer_b"])
def test_only_the_coordinator_may_delete_or_export_a_learner(client, people, who):
    sign_in(client, getattr(people, who))
    url = f"/admin/learners/{people.rosa.id}"
    for response in (client.get(url + "/delete"), client.post(url + "/delete", data={"understood": "y"}),
                     client.get(url + "/data")):
        assert response.status_code == 403
        assert people.rosa.email not in response.get_data(as_text=True)
    assert db.session.get(User, people.rosa.id) is not None


def test_staff_accounts_are_not_deleted_this_way(client, people):
    sign_in(client, people.coordinator)
    for user in (people.trainer_a, people.coordinator):
        assert client.post(f"/admin/learners/{user.id}/delete", data={"understood": "y"}).status_code == 404
    assert client.get("/admin/learners/99999/data").status_code == 404


def test_a_conflicting_resend_of_her_results_is_deleted_with_her(app, people):
    db.session.add(SyncConflict(item_id=people.attempt.id, device=DEVICE, body='{"answers": "x"}'))
    db.session.add(SyncConflict(item_id="someone-else", device=DEVICE, body="{}"))
    db.session.commit()
    delete_learner(people.rosa, by=people.coordinator)
    assert [c.item_id for c in db.session.scalars(select(SyncConflict))] == ["someone-else"]


def test_consent_is_asked_at_sign_up_in_plain_spanish(client):
    page = client.get("/signup").get_data(as_text=True)
    assert "Acepto que el programa guarde mi nombre, mi correo y mis resultados" in page
    refused = client.post("/signup", data={"name": "Lucía", "email": "lucia@example.bo",
                                           "password": "secreto123"})
    assert refused.status_code == 400
    assert "Para seguir, acepta el uso de tus datos." in refused.get_data(as_text=True)
    assert count(User) == 0
    client.post("/signup", data={"name": "Lucía", "email": "lucia@example.bo",
                                 "password": "secreto123", "consent": "y"})
    assert db.session.scalar(select(User.consent_at)) is not None


def test_the_privacy_notice_is_public_and_linked_from_her_account(client, people):
    notice = client.get("/privacidad")
    assert notice.status_code == 200 and "Quién los ve" in notice.get_data(as_text=True)
    sign_in(client, people.rosa)
    account = client.get("/account").get_data(as_text=True)
    for link in ("/account/data", "/account/delete", "/privacidad"):
        assert f'href="{link}"' in account


def test_logs_hold_no_passwords_tokens_or_answers(client, app, catalog, caplog):
    caplog.set_level("DEBUG")
    password, answer = "clave-muy-secreta-42", "respuesta-privada-77"
    client.post("/signup", data={"name": "Lucía", "email": "lucia@example.bo",
                                 "password": password, "consent": "y"})
    client.post("/logout")
    client.post("/login", data={"email": "lucia@example.bo", "password": password + "x"})
    client.post("/login", data={"email": "lucia@example.bo", "password": password})
    user = db.session.scalar(select(User))
    token = issue_sync_token(user, app.config["SECRET_KEY"])
    item = attempt(token, catalog, answers={"q1": answer})
    client.post("/api/sync", json={"device": DEVICE, "items": [item]})
    client.post("/api/sync", json={"device": DEVICE, "items": [{**item, "answers": {"q1": "b"}}]})
    client.post("/forgot", data={"email": user.email, "code": "123456", "password": password,
                                 "confirm": password})
    client.post("/account/delete", data={"password": password, "understood": "y"})
    assert any("conflict" in r.getMessage() for r in caplog.records)  # something was logged
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    for secret in (password, token, answer):
        assert secret not in logged
