"""Every trainer route, walked as each kind of visitor: the right answer, and no data leaks."""

from __future__ import annotations

import pytest

from sqlalchemy import select

from learner.accounts import joining
from learner.extensions import db
from learner.models import DeviceProfile, Enrolment
from tests.conftest import login
from tests.trainer.conftest import add_attempt, quick_user

RECEIPT = "H4X-9RT"


def routes(w) -> dict[tuple[str, str], tuple[str, dict | None, bool]]:
    """(method, endpoint) -> (url, form data, scoped to cohort A's centre)."""
    a, rosa = w.cohort_a.id, w.rosa.id
    return {
        ("GET", "trainer.index"): ("/trainer/", None, False),
        ("GET", "trainer.cohort"): (f"/trainer/cohorts/{a}", None, True),
        ("GET", "trainer.questions"): (f"/trainer/cohorts/{a}/questions", None, True),
        ("GET", "trainer.export"): (f"/trainer/cohorts/{a}/results.csv", None, True),
        ("POST", "trainer.enrol"): (f"/trainer/cohorts/{a}/enrol",
                                    {"email": "nueva@example.bo", "name": "Nueva"}, True),
        ("GET", "trainer.learner"): (f"/trainer/learners/{rosa}", None, True),
        ("POST", "trainer.reset_code"): (f"/trainer/learners/{rosa}/reset-code", {}, True),
        ("POST", "trainer.move"): (f"/trainer/learners/{rosa}/move",
                                   {"cohort": str(w.cohort_a2.id)}, True),
        ("POST", "trainer.withdraw"): (f"/trainer/learners/{rosa}/withdraw", {}, True),
        ("GET", "trainer.receipt"): (f"/trainer/receipts?code={RECEIPT}", None, True),
        ("GET", "trainer.guides"): ("/trainer/guides", None, False),
        ("GET", "trainer.guide"): ("/trainer/guides/conectate", None, False),
        ("POST", "trainer.revoke_device"): (f"/trainer/learners/{rosa}/devices/{w.phone}/revoke", {}, True),
        ("POST", "trainer.accept_newcomer"): (f"/trainer/join-requests/{w.newcomer}/accept",
                                              {f"join{w.centre_a.id}-cohort": str(w.cohort_a2.id)}, True),
        ("POST", "trainer.decline_newcomer"): (f"/trainer/join-requests/{w.newcomer}/decline", {}, True),
    }


@pytest.fixture(autouse=True)
def phone(world):
    """Rosa signed in once on a shared phone: a device profile a trainer may revoke."""
    from learner.accounts.devices import issue
    issue(world.rosa, "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "p" * 43, label="Celular de Rosa")
    # A woman who chose centre A when she signed up, waiting for a group.
    newcomer = joining.chose_at_signup(quick_user("Lucía Nueva"), world.centre_a)
    db.session.commit()
    world.phone = db.session.scalar(select(DeviceProfile.id))
    world.newcomer = newcomer.id


def test_every_trainer_route_is_in_the_walk(app, world):
    declared = {(method, rule.endpoint) for rule in app.url_map.iter_rules()
                if rule.endpoint.startswith("trainer.")
                for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert declared == set(routes(world))


def call(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.fixture
def walk(app, client, world):
    add_attempt(app, world.rosa, {"q1": "a"}, receipt=RECEIPT)
    return lambda: routes(world).items()


@pytest.mark.parametrize("index", range(15))
def test_anonymous_visitors_are_sent_to_sign_in(client, walk, index):
    (method, _endpoint), (url, data, _scoped) = list(walk())[index]
    response = call(client, method, url, data)
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("index", range(15))
def test_learners_are_refused(client, world, walk, index):
    login(client, world.eva)
    (method, _endpoint), (url, data, _scoped) = list(walk())[index]
    response = call(client, method, url, data)
    assert response.status_code == 403
    assert "Rosa" not in response.get_data(as_text=True)


@pytest.mark.parametrize("index", range(15))
def test_a_trainer_of_another_centre_sees_nothing_of_this_one(client, world, walk, index):
    login(client, world.trainer_b)
    (method, _endpoint), (url, data, scoped) = list(walk())[index]
    response = call(client, method, url, data)
    body = response.get_data(as_text=True)
    assert response.status_code == (404 if scoped else 200)
    for secret in ("Rosa", world.rosa.email, "Grupo mañanas", "Centro El Alto Norte"):
        assert secret not in body
    if "receipts" not in url:  # the lookup page repeats the code she typed, nothing more
        assert RECEIPT not in body


@pytest.mark.parametrize("who", ["trainer_a", "coordinator"])
@pytest.mark.parametrize("index", range(15))
def test_the_centre_trainer_and_a_coordinator_get_the_page(client, world, walk, who, index):
    login(client, getattr(world, who))
    (method, _endpoint), (url, data, scoped) = list(walk())[index]
    response = call(client, method, url, data)
    assert response.status_code == (200 if method == "GET" or "reset-code" in url else 302)
    if method == "GET" and scoped:
        body = response.get_data(as_text=True)
        assert "Rosa" in body or "Grupo mañanas" in body


def test_the_trainer_list_shows_only_her_centres(client, world):
    login(client, world.trainer_b)
    body = client.get("/trainer/").get_data(as_text=True)
    assert "Grupo Sur" in body and "Grupo mañanas" not in body and "Grupo tardes" not in body


def test_a_coordinator_sees_every_cohort_and_can_filter(client, world):
    login(client, world.coordinator)
    body = client.get("/trainer/").get_data(as_text=True)
    assert "Grupo Sur" in body and "Grupo mañanas" in body
    region = world.centre_b.region_id
    body = client.get(f"/trainer/?region={region}").get_data(as_text=True)
    assert "Grupo Sur" in body and "Grupo mañanas" not in body
    body = client.get(f"/trainer/?centre={world.centre_a.id}").get_data(as_text=True)
    assert "Grupo Sur" not in body and "Grupo mañanas" in body and "Grupo tardes" in body


def test_a_trainer_cannot_use_the_coordinator_filter_to_widen_her_scope(client, world):
    login(client, world.trainer_b)
    body = client.get(f"/trainer/?centre={world.centre_a.id}").get_data(as_text=True)
    assert "Grupo mañanas" not in body


def test_a_trainer_cannot_move_a_learner_into_another_centres_cohort(client, world):
    login(client, world.trainer_a)
    response = client.post(f"/trainer/learners/{world.rosa.id}/move",
                           data={"cohort": str(world.cohort_b.id)})
    assert response.status_code == 400
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world.rosa.id))
    db.session.refresh(enrolment)
    assert enrolment.cohort_id == world.cohort_a.id


def test_a_learner_active_elsewhere_can_be_seen_but_not_changed(client, world):
    """Rosa left centre A (withdrawn there) and is now active at centre B."""
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world.rosa.id))
    enrolment.status = "withdrawn"
    db.session.add(Enrolment(user=world.rosa, cohort=world.cohort_b))
    db.session.commit()
    login(client, world.trainer_a)
    assert client.get(f"/trainer/learners/{world.rosa.id}").status_code == 200
    for action in ("reset-code", "withdraw"):
        assert client.post(f"/trainer/learners/{world.rosa.id}/{action}").status_code == 403


@pytest.mark.parametrize("url", ["/trainer/cohorts/99999999999", "/trainer/learners/99999999999",
                                 "/trainer/cohorts/0", "/trainer/?region=99999999999&centre=x"])
def test_absurd_ids_are_not_found_rather_than_errors(client, world, url):
    login(client, world.coordinator)
    assert client.get(url).status_code == (200 if "?" in url else 404)
