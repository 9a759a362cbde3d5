"""Profiles on a shared phone, server side: a per-device credential switches the session
without the password, and can be revoked by the learner."""

import pytest

from learner.models import DeviceProfile
from tests.conftest import login

DEVICE = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"


def get_credential(client, user):
    login(client, user)
    response = client.post("/api/profiles/credential", json={"device": DEVICE, "label": "Samsung de la casa"})
    assert response.status_code == 200
    return response.get_json()


def test_a_credential_switches_the_session_without_password(client, make_user):
    mother, son = make_user(name="Mamá Rosa"), make_user(name="Hijo Juan")
    cred = get_credential(client, mother)
    client.post("/logout")
    login(client, son)
    response = client.post("/api/profiles/switch", json={"device": DEVICE, **cred})
    assert response.status_code == 200 and response.get_json()["user"]["name"] == "Mamá Rosa"
    assert client.get("/api/me").get_json()["user"]["name"] == "Mamá Rosa"


def test_the_secret_is_stored_hashed(client, make_user):
    cred = get_credential(client, make_user())
    assert DeviceProfile.query.one().secret_hash != cred["secret"]


@pytest.mark.parametrize("change", [
    {"secret": "adivinado"}, {"device": "0b7c2f4e-6a1d-4d8e-9f3a-5c2b1e0d9a8f"}, {"user_id": 999},
    {"user_id": "1"}, {"secret": None},
])
def test_a_wrong_credential_is_refused(client, make_user, change):
    cred = get_credential(client, make_user())
    client.post("/logout")
    response = client.post("/api/profiles/switch", json={"device": DEVICE, **cred, **change})
    assert response.status_code == 403
    assert client.get("/api/me").get_json()["user"] is None


def test_a_revoked_phone_cannot_switch(client, make_user):
    user = make_user()
    cred = get_credential(client, user)
    profile_id = DeviceProfile.query.one().id
    assert "Samsung de la casa" in client.get("/account/devices").get_data(as_text=True)
    assert client.post(f"/account/devices/{profile_id}/revoke").status_code == 302
    client.post("/logout")
    assert client.post("/api/profiles/switch", json={"device": DEVICE, **cred}).status_code == 403


def test_a_learner_cannot_revoke_anothers_phone(client, make_user):
    get_credential(client, make_user())
    profile_id = DeviceProfile.query.one().id
    client.post("/logout")
    login(client, make_user())
    assert client.post(f"/account/devices/{profile_id}/revoke").status_code == 404
    assert DeviceProfile.query.one().revoked_at is None


def test_credential_needs_a_signed_in_learner_and_a_device_uuid(client, make_user):
    assert client.post("/api/profiles/credential", json={"device": DEVICE}).status_code in (302, 401)
    login(client, make_user())
    assert client.post("/api/profiles/credential", json={"device": "x"}).status_code == 400
    assert client.post("/api/profiles/switch", data="no json").status_code == 400


def test_her_trainer_sees_her_phones_and_can_revoke_one(client, make_user, app):
    from learner.extensions import db
    from learner.models import Centre, Cohort, Enrolment, Region, Role
    learner, trainer = make_user(name="Rosa"), make_user(role=Role.TRAINER)
    region = Region(name="Oruro")
    cohort = Cohort(name="Grupo A", centre=Centre(name="Centro Oruro", region=region), trainer_id=trainer.id)
    db.session.add_all([region, cohort, Enrolment(user_id=learner.id, cohort=cohort)])
    db.session.commit()
    cred = get_credential(client, learner)
    client.post("/logout")
    login(client, trainer)
    page = client.get(f"/trainer/learners/{learner.id}").get_data(as_text=True)
    assert "Samsung de la casa" in page
    profile_id = DeviceProfile.query.one().id
    assert client.post(f"/trainer/learners/{learner.id}/devices/{profile_id}/revoke").status_code == 302
    client.post("/logout")
    assert client.post("/api/profiles/switch", json={"device": DEVICE, **cred}).status_code == 403


def test_another_centres_trainer_cannot_revoke(client, make_user):
    from learner.models import Role
    learner, stranger = make_user(), make_user(role=Role.TRAINER)
    get_credential(client, learner)
    client.post("/logout")
    login(client, stranger)
    profile_id = DeviceProfile.query.one().id
    assert client.post(f"/trainer/learners/{learner.id}/devices/{profile_id}/revoke").status_code in (403, 404)
    assert DeviceProfile.query.one().revoked_at is None
