"""Profiles on a shared phone, server side: a per-device credential switches the session
without the password when the proof of her PIN comes with it, and can be revoked by the learner."""

import pytest

from learner.models import DeviceProfile
from tests.conftest import login

DEVICE = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
PROOF = "Zm9vYmFyLXBpbi1wcm9vZi0xMTExLWZvci1hbmEtcXU"  # what the phone derives from her PIN
WRONG = "Zm9vYmFyLXBpbi1wcm9vZi05OTk5LWZvci1hbmEtcXU"


def get_credential(client, user):
    """Her credential on this phone, as the switch sends it (secret, her id and the PIN's proof)."""
    login(client, user)
    response = client.post("/api/profiles/credential",
                           json={"device": DEVICE, "label": "Samsung de la casa", "proof": PROOF})
    assert response.status_code == 200
    return {**response.get_json(), "proof": PROOF}


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


def switch(client, cred, **change):
    return client.post("/api/profiles/switch", json={"device": DEVICE, **cred, **change})


def test_a_switch_needs_the_proof_of_her_pin(client, make_user):
    cred = get_credential(client, make_user())
    client.post("/logout")
    response = switch(client, cred, proof=WRONG)
    assert response.status_code == 403 and response.get_json() == {"error": "wrong_pin", "left": 4}
    assert client.get("/api/me").get_json()["user"] is None
    # Without any proof (a page from before): refused, and not counted as a guess.
    assert switch(client, {k: v for k, v in cred.items() if k != "proof"}).status_code == 403
    assert DeviceProfile.query.one().failures == 1


def test_five_wrong_pins_lock_the_credential_until_she_signs_in_with_her_password(client, make_user):
    user = make_user()
    cred = get_credential(client, user)
    client.post("/logout")
    answers = [switch(client, cred, proof=WRONG).get_json() for _ in range(5)]
    assert answers == [{"error": "wrong_pin", "left": n} for n in (4, 3, 2, 1)] + [{"error": "locked", "left": 0}]
    assert switch(client, cred).get_json()["error"] == "locked"  # the right PIN too, now
    assert client.get("/api/me").get_json()["user"] is None
    fresh = get_credential(client, user)  # her password, then a new PIN on this phone
    client.post("/logout")
    assert switch(client, fresh).status_code == 200


def test_a_right_pin_clears_the_wrong_tries(client, make_user):
    cred = get_credential(client, make_user())
    client.post("/logout")
    for _ in range(4):
        switch(client, cred, proof=WRONG)
    assert switch(client, cred).status_code == 200
    assert DeviceProfile.query.one().failures == 0


def test_a_wrong_secret_counts_as_a_wrong_pin(client, make_user):
    """The phone keeps the secret wrapped with a key from her PIN: a wrong PIN unwraps a wrong one."""
    cred = get_credential(client, make_user())
    client.post("/logout")
    assert switch(client, cred, secret="0" * 64).get_json() == {"error": "wrong_pin", "left": 4}


def test_the_pin_proof_is_stored_hashed(client, make_user):
    get_credential(client, make_user())
    stored = DeviceProfile.query.one()
    assert stored.pin_verifier and PROOF not in stored.pin_verifier


@pytest.mark.parametrize("age, status", [(89, 200), (91, 403)])
def test_a_credential_expires_ninety_days_after_it_was_issued(client, make_user, age, status):
    from datetime import timedelta

    from learner.extensions import db
    from learner.common.timeutil import utcnow
    cred = get_credential(client, make_user())
    client.post("/logout")
    DeviceProfile.query.one().issued_at = utcnow() - timedelta(days=age)
    db.session.commit()
    response = switch(client, cred)
    assert response.status_code == status
    if status == 403:
        assert response.get_json()["error"] == "expired"


@pytest.mark.config(PROFILE_CREDENTIAL_LIFETIME=__import__("datetime").timedelta(seconds=0))
def test_the_lifetime_is_a_setting(client, make_user):
    cred = get_credential(client, make_user())
    client.post("/logout")
    assert switch(client, cred).get_json()["error"] == "expired"


def test_a_credential_from_before_the_pin_proof_switches_nobody(client, make_user):
    from learner.extensions import db
    cred = get_credential(client, make_user())
    client.post("/logout")
    DeviceProfile.query.one().pin_verifier = None  # as the migration leaves the old ones
    db.session.commit()
    assert switch(client, cred).get_json()["error"] == "expired"
    assert client.get("/api/me").get_json()["user"] is None


def test_a_credential_is_made_only_with_a_proof_and_for_whoever_is_signed_in(client, make_user):
    rosa, eva = make_user(), make_user()
    login(client, rosa)
    for proof in (None, "", "x" * 42, "x" * 44, "é" * 43, 43):
        body = {"device": DEVICE, "proof": proof}
        assert client.post("/api/profiles/credential", json=body).status_code == 400, proof
    body = {"device": DEVICE, "proof": PROOF, "user_id": eva.id}  # the page thought Eva was here
    assert client.post("/api/profiles/credential", json=body).status_code == 409
    assert DeviceProfile.query.count() == 0
    assert client.post("/api/profiles/credential", json={**body, "user_id": rosa.id}).status_code == 200


def test_guesses_sent_together_get_five_checks_at_most(app, client, make_user, monkeypatch):
    """Many wrong PINs at once, as a script could send them: the limit holds between the read
    and the write (each request in its own thread, session and connection)."""
    import threading
    import time

    from learner.accounts import devices
    cred = get_credential(client, make_user())
    checked, hash_ = [], devices._hash

    def slow_hash(value):
        checked.append(value)
        time.sleep(0.05)  # widen the window between reading the count and writing it
        return hash_(value)

    monkeypatch.setattr(devices, "_hash", slow_hash)
    barrier, answers = threading.Barrier(10), []

    def guess():
        with app.app_context():
            one = app.test_client()
            barrier.wait()
            answers.append(one.post("/api/profiles/switch",
                                    json={"device": DEVICE, **cred, "proof": WRONG}).get_json()["error"])

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == ["locked"] * 6 + ["wrong_pin"] * 4
    assert len(checked) <= 2 * 5  # a secret and a proof per try that was let through
    from learner.extensions import db
    db.session.expire_all()
    assert DeviceProfile.query.one().failures == 5


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
