"""An awarded learner sets her password with her code, signs in and starts learning."""

from datetime import timedelta

import pytest

from learner.extensions import db
from learner.models import Role
from learner.programme.awards import award_one, renew_code
from learner.common.timeutil import utcnow

from .conftest import SECRET


def awarded(make_application, centre, coordinator):
    application = make_application(centre)
    return application, award_one(application.id, coordinator, SECRET).code


def activate(client, code, password="mi-clave-2026", confirm=None):
    return client.post("/activate", data={"code": code, "password": password,
                                          "confirm": confirm or password})


def test_she_activates_with_her_code_and_lands_on_the_lessons(client, call, centres,
                                                              make_application, coordinator):
    application, code = awarded(make_application, centres[0], coordinator)
    page = client.get(f"/activate?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in page and "Activa tu cuenta" in page
    response = activate(client, code.lower().replace("-", " "))
    assert response.status_code == 302 and response.location == "/"
    assert application.email in client.get("/").get_data(as_text=True)  # the flash tells her how to sign in
    assert client.get("/progress").status_code == 200  # signed in
    client.post("/logout")
    login = client.post("/login", data={"email": application.email, "password": "mi-clave-2026"})
    assert login.status_code == 302
    db.session.refresh(application)
    assert application.activated_at is not None and application.activation_hash is None


def test_a_code_works_once(client, call, centres, make_application, coordinator):
    _application, code = awarded(make_application, centres[0], coordinator)
    assert activate(client, code).status_code == 302
    client.post("/logout")
    again = activate(client, code, "otra-clave-123")
    assert again.status_code == 400 and "Este código no sirve" in again.get_data(as_text=True)


def test_an_expired_code_is_refused(client, call, centres, make_application, coordinator):
    application, code = awarded(make_application, centres[0], coordinator)
    application.activation_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = activate(client, code)
    assert response.status_code == 400 and "ya venció" in response.get_data(as_text=True)


def test_wrong_codes_and_mismatched_passwords_are_400(client, call, centres, make_application, coordinator):
    _application, code = awarded(make_application, centres[0], coordinator)
    assert activate(client, "ZZZZZ-ZZZZZ").status_code == 400
    assert activate(client, "corto").status_code == 400
    mismatch = activate(client, code, "mi-clave-2026", "otra-clave-2026")
    assert mismatch.status_code == 400 and "no son iguales" in mismatch.get_data(as_text=True)
    assert activate(client, code, "corta").status_code == 400


def test_a_renewed_code_replaces_the_lost_one(client, call, centres, make_application, coordinator):
    application, old = awarded(make_application, centres[0], coordinator)
    new = renew_code(application.id, SECRET).code
    assert activate(client, old).status_code == 400
    assert activate(client, new).status_code == 302


@pytest.mark.parametrize("enrolled", [True, False])
@pytest.mark.config(STAFF_2FA_REQUIRED=True)
def test_an_account_that_needs_a_code_is_sent_to_sign_in(client, call, centres, make_application,
                                                         coordinator, enrolled):
    """The activation code sets her password; it is no second factor, so it does not sign in
    staff (an applicant's e-mail may belong to a trainer)."""
    application, code = awarded(make_application, centres[0], coordinator)
    application.user.role = Role.TRAINER.value
    application.user.totp_enabled_at = utcnow() if enrolled else None
    db.session.commit()
    response = activate(client, code)
    assert response.status_code == 302 and response.location.endswith("/login")
    assert client.get("/api/me").get_json()["user"] is None
    db.session.refresh(application)
    assert application.activated_at is not None  # her password is set: she signs in with it
