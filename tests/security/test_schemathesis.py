"""Hostile input that no server error may answer: Schemathesis sends generated requests, valid
and invalid, to every operation of the OpenAPI document (and every answer must match what the
document says); every numeric id in every URL of the map gets a number past 64 bits."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from learner.accounts.users import issue_sync_token
from tests.security.conftest import quick_user, sign_in

SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
# Not status_code_conformance: the document does not list every 4xx (401 for an anonymous
# call, 400 for a missing CSRF token); what must hold is no 5xx and documented bodies.
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def load(app):
    schema = schemathesis.openapi.from_path(SPEC)
    schema.app = app  # calls go through WSGI, in-process: no server, no network
    return schema


def test_the_document_covers_operations():
    assert len(list(load(None).get_all_operations())) >= 3


def test_generated_requests_never_get_a_server_error(app):
    # A real learner's token too, so some items get past the token check into grading.
    token = issue_sync_token(quick_user("Rosa Mamani"), app.config["SECRET_KEY"])
    checked = []
    for result in load(app).get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            if isinstance(case.body, dict) and isinstance(case.body.get("items"), list):
                for item in case.body["items"][:1]:
                    if isinstance(item, dict):
                        item["token"] = token
            # identity: the WSGI test transport does not undo Flask-Compress's br/gzip.
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

        call()
        checked.append(operation.label)
    assert len(checked) >= 3, checked


def test_integers_too_big_for_the_database_are_refused_not_crashed(client):
    """Found by the fuzzer above: a user_id past 64 bits reached SQLite and raised."""
    body = {"device": "e3e70682-c209-1cac-a29f-6fbed82c07cd", "secret": "x", "user_id": 2**63}
    response = client.post("/api/profiles/switch", json=body)
    assert response.status_code in (400, 403) and "error" in response.get_json()


def integer_rules(app):
    """Every rule with a number in its path (any converter built on Werkzeug's integer one)."""
    from werkzeug.routing import IntegerConverter
    return [r for r in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


@pytest.mark.parametrize("who", [None, "coordinator"])
def test_ids_too_big_for_the_database_in_any_url_are_not_a_server_error(app, people, who):
    from werkzeug.routing import IntegerConverter
    client = app.test_client()
    if who:
        sign_in(client, getattr(people, who))
    crashed = []
    for rule in integer_rules(app):
        args = {name: 2**63 if isinstance(conv, IntegerConverter) else "x"
                for name, conv in rule._converters.items()}
        try:
            url = rule.build(args, append_unknown=False)[1]
        except ValueError:
            continue  # the converter itself refuses such a number: it cannot be sent
        for method in sorted(rule.methods & {"GET", "POST"}):
            try:
                status = client.open(url, method=method).status_code
            except Exception as error:  # noqa: BLE001  (TESTING re-raises what would be a 500)
                status = repr(error)[:80]
            if not isinstance(status, int) or status >= 500:
                crashed.append(f"{method} {url}: {status}")
    assert crashed == []
