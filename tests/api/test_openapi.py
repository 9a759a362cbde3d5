"""The OpenAPI document in docs/api is kept true: its paths exist, and real answers match its schemas."""

import uuid
from pathlib import Path

import jsonschema
import pytest
import yaml

from learner.accounts.users import issue_sync_token
from tests.api.test_sync import DEVICE, attempt

SPEC = yaml.safe_load((Path(__file__).parents[2] / "docs/api/openapi.yaml").read_text())


def schema(name: str) -> dict:
    """A component schema with its $refs resolvable (the whole document as the base)."""
    return {**SPEC["components"]["schemas"][name], "components": SPEC["components"]}


def check(body, name):
    jsonschema.validate(body, schema(name))


def test_every_api_route_is_documented_and_every_documented_path_exists(app):
    documented = {path.replace("{", "<").replace("}", ">") for path in SPEC["paths"]}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert routes - documented == set()
    assert documented <= routes


def test_sync_answers_match_the_document(client, catalog, make_user, app):
    token = issue_sync_token(make_user(), app.config["SECRET_KEY"])
    items = [attempt(token, catalog), attempt(token, catalog, quiz="no/such"),
             attempt("forged", catalog)]
    items.append(dict(items[0]))
    response = client.post("/api/sync", json={"device": DEVICE, "items": items})
    check(response.get_json(), "SyncAnswer")
    statuses = [r["status"] for r in response.get_json()["results"]]
    assert statuses == ["stored", "rejected", "rejected", "duplicate"]


@pytest.mark.parametrize("body, status", [("nope", 400), ({"device": DEVICE, "items": [{}] * 101}, 413)])
def test_errors_match_the_document(client, body, status):
    response = client.post("/api/sync", json=body)
    assert response.status_code == status
    check(response.get_json(), "Error")


def test_requests_the_phone_sends_match_the_document(catalog):
    envelope = {"device": str(uuid.uuid4()), "items": [attempt("t", catalog)]}
    check(envelope, "Envelope")


def test_me_and_manifest_match_the_document(client, make_user):
    check(client.get("/api/me").get_json(), "Me")
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "secreto123"})
    check(client.get("/api/me").get_json(), "Me")
    check(client.get("/api/modules/conectate/offline").get_json(), "OfflineManifest")
    check(client.get("/api/modules/nada/offline").get_json(), "Error")
