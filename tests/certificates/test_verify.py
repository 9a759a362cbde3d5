"""Public verification: by code online, the offline page, the status and key endpoints."""

import json
import re

import pytest

from learner.certificates import awards as certs
from learner.extensions import db
from learner.models import Role
from tests.certificates.conftest import complete


@pytest.fixture
def cert(catalog, make_user):
    rosa = make_user(name="Rosa Mamani")
    complete(rosa, catalog.module("conectate"))
    issued = certs.award_if_complete(rosa, catalog, 0.7)[0]
    db.session.commit()
    return issued


def test_anyone_can_verify_a_genuine_certificate_by_code(client, cert):
    response = client.get(f"/verificar/{certs.format_code(cert.code).lower()}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Auténtico" in page and "Rosa Mamani" in page and "Conéctate" in page


def test_a_revoked_certificate_says_so_without_the_reason(client, cert, make_user):
    certs.revoke(cert, "Se copió en el examen", make_user(Role.COORDINATOR))
    db.session.commit()
    page = client.get(f"/verificar/{cert.code}").get_data(as_text=True)
    assert "Anulado" in page and "Auténtico" not in page and "Se copió" not in page


def test_an_unknown_code_is_not_valid(client, cert):
    for code in ["ABCDEFGHJKMNPQRS", "hola", "x" * 300]:
        response = client.get(f"/verificar/{code}")
        assert response.status_code == 404 and "No válido" in response.get_data(as_text=True)


def test_a_typed_code_goes_to_its_verification_page(client, cert):
    response = client.get("/verificar", query_string={"codigo": certs.format_code(cert.code)})
    assert response.status_code == 302 and response.location.endswith(f"/verificar/{cert.code}")


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_guessing_codes_is_rate_limited(client):
    statuses = [client.get(f"/verificar/ABCDEFGHJKMNPQ{i:02d}").status_code for i in range(20)]
    statuses += [client.get("/api/certificates/status/ABCDEFGHJKMNPQRS").status_code
                 for _ in range(15)]
    assert statuses[:30] == [404] * 30 and statuses[-1] == 429


def test_the_offline_page_carries_the_public_keys_and_no_personal_data(client, cert):
    page = client.get("/verificar").get_data(as_text=True)
    keys = json.loads(re.search(r'data-keys="([^"]+)"', page).group(1).replace("&#34;", '"'))
    published = client.get("/api/certificates/public-key").get_json()
    assert keys == {k["kid"]: k["x"] for k in published["keys"]}
    assert published["current"] in keys and all(k["alg"] == "Ed25519" for k in published["keys"])
    assert "Rosa" not in page and "PRIVATE" not in page


def test_the_status_endpoint_says_valid_revoked_or_unknown(client, cert, make_user):
    assert client.get(f"/api/certificates/status/{cert.code}").get_json() == {
        "status": "valid", "revoked_at": None}
    certs.revoke(cert, "Error de datos", make_user(Role.COORDINATOR))
    db.session.commit()
    assert client.get(f"/api/certificates/status/{cert.code}").get_json()["status"] == "revoked"
    unknown = client.get("/api/certificates/status/ABCDEFGHJKMNPQRS")
    assert unknown.status_code == 404 and unknown.get_json() == {"status": "unknown"}
