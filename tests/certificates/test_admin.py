"""Programme staff: list by region and centre, revoke with a reason, grant the scholarship."""

import pytest

from learner.certificates import awards as certs
from learner.extensions import db
from learner.models import ModuleGrant, Role
from tests.certificates.conftest import complete
from tests.conftest import login


@pytest.fixture
def two_certificates(catalog, make_user, place):
    rosa, eva = make_user(name="Rosa Mamani"), make_user(name="Eva Choque")
    place["enrol"](rosa, 0)
    place["enrol"](eva, 1)
    issued = []
    for user in (rosa, eva):
        complete(user, catalog.module("conectate"))
        issued += certs.award_if_complete(user, catalog, 0.7)
    db.session.commit()
    return issued


@pytest.mark.parametrize("url, method", [("/certificates/admin/", "get"),
                                         ("/certificates/admin/ABCDEFGHJKMNPQRS", "post"),
                                         ("/certificates/admin/grant", "post")])
def test_only_coordinators_get_in(client, make_user, url, method):
    assert "/login" in getattr(client, method)(url).location
    for role in (Role.LEARNER, Role.TRAINER):
        login(client, make_user(role))
        assert getattr(client, method)(url).status_code == 403
        client.post("/logout")


def test_the_list_filters_by_region_and_centre_and_counts(client, make_user, place, two_certificates):
    login(client, make_user(Role.COORDINATOR))
    everything = client.get("/certificates/admin/").get_data(as_text=True)
    assert "Rosa Mamani" in everything and "Eva Choque" in everything
    by_region = client.get("/certificates/admin/", query_string={
        "region": place["regions"][1].id}).get_data(as_text=True)
    assert "Eva Choque" in by_region and "Rosa Mamani" not in by_region
    by_centre = client.get("/certificates/admin/", query_string={
        "centre": place["centres"][0].id}).get_data(as_text=True)
    assert "Rosa Mamani" in by_centre and "Eva Choque" not in by_centre
    assert "<td>Centro El Alto Norte</td><td>1</td><td>0</td>" in by_centre


def test_bad_filters_are_ignored_not_a_500(client, make_user, two_certificates):
    login(client, make_user(Role.COORDINATOR))
    response = client.get("/certificates/admin/", query_string={
        "region": "x", "centre": "99999999999999", "page": "-3", "state": "??"})
    assert response.status_code == 200


def test_revoking_needs_a_reason_and_then_verification_says_revoked(client, make_user, two_certificates):
    cert = two_certificates[0]
    login(client, make_user(Role.COORDINATOR))
    empty = client.post(f"/certificates/admin/{cert.code}", data={"reason": ""})
    assert empty.status_code == 400 and "Escribe el motivo." in empty.get_data(as_text=True)
    assert client.post(f"/certificates/admin/{cert.code}",
                       data={"reason": "Datos equivocados"}).status_code == 302
    page = client.get(f"/certificates/admin/{cert.code}").get_data(as_text=True)
    assert "Datos equivocados" in page
    assert "Anulado" in client.get(f"/verificar/{cert.code}").get_data(as_text=True)
    revoked = client.get("/certificates/admin/", query_string={"state": "revoked"}).get_data(as_text=True)
    assert "Rosa Mamani" in revoked and "Eva Choque" not in revoked


def test_revoking_an_unknown_code_is_404(client, make_user):
    login(client, make_user(Role.COORDINATOR))
    assert client.post("/certificates/admin/NOPE", data={"reason": "x y z"}).status_code == 404


def test_a_coordinator_grants_emprendimiento_directly(client, make_user):
    rosa = make_user()
    login(client, make_user(Role.COORDINATOR))
    response = client.post("/certificates/admin/grant",
                           data={"email": rosa.email.upper(), "module": "emprendimiento"},
                           follow_redirects=True)
    assert "abierto para" in response.get_data(as_text=True)
    assert db.session.query(ModuleGrant).filter_by(user_id=rosa.id).count() == 1
    assert certs.is_unlocked(rosa, "emprendimiento")


def test_a_grant_for_an_unknown_email_or_module_is_refused(client, make_user):
    rosa = make_user()
    login(client, make_user(Role.COORDINATOR))
    for data in ({"email": "nadie@example.bo", "module": "emprendimiento"},
                 {"email": rosa.email, "module": "conectate"}):
        client.post("/certificates/admin/grant", data=data)
    assert db.session.query(ModuleGrant).count() == 0
