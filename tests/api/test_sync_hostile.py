"""Property-based: malformed and hostile envelopes never cause a 5xx, and a rejected
envelope never leaves a row behind."""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learner.extensions import db
from learner.models import LessonCompletion, QuizAttempt
from tests.api.test_sync import DEVICE

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=50))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=20)
item_like = st.fixed_dictionaries(
    {"id": st.one_of(st.uuids().map(str), json_values), "type": st.sampled_from(
        ["quiz_attempt", "lesson_completed", "x", 3])},
    optional={"token": json_values, "quiz": st.one_of(st.just("conectate/tu-celular"), json_values),
              "answers": json_values, "answered_at": st.one_of(st.just("2026-01-01T00:00:00Z"), json_values),
              "lesson": json_values, "completed_at": json_values, "content_version": json_values})
envelopes = st.one_of(
    json_values,
    st.fixed_dictionaries({"device": st.one_of(st.just(DEVICE), json_values),
                           "items": st.one_of(st.lists(item_like, max_size=5), json_values)}),
)


def rows() -> int:
    return db.session.query(QuizAttempt).count() + db.session.query(LessonCompletion).count()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=envelopes)
def test_no_5xx_and_no_rows_from_a_rejected_envelope(client, body):
    before = rows()
    response = client.post("/api/sync", data=json.dumps(body), content_type="application/json")
    assert response.status_code < 500
    if response.status_code != 200:
        assert rows() == before
    else:
        results = response.get_json()["results"]
        # Without a valid signed token nothing here can be stored.
        assert all(r["status"] == "rejected" for r in results)
        assert rows() == before


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_raw_bytes_never_cause_a_5xx(client, raw):
    response = client.post("/api/sync", data=raw, content_type="application/json")
    assert response.status_code in (200, 400)


ENDPOINTS = ("/api/sync", "/api/applications")


@pytest.mark.parametrize("url", ENDPOINTS)
def test_json_nested_past_the_parsers_depth_is_a_400(client, url):
    raw = "[" * 50_000  # under the size limit, deeper than json.loads can go
    response = client.post(url, data=raw, content_type="application/json")
    assert (response.status_code, response.get_json()) == (400, {"error": "the body is not valid JSON"})


def nul_item(url):
    return {"id": str(uuid.uuid4()), "content_version": "v1", "fields": {"name": "Juana"},
            "type": "application" if url.endswith("applications") else "quiz_attempt"}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_an_item_with_a_nul_character_is_refused_for_good_and_the_others_go(client, url):
    # PostgreSQL cannot store NUL in text: let through, it would be a 500 at the INSERT. Refusing
    # the whole envelope instead would keep the phone resending it, and its neighbours, forever.
    bad, other = nul_item(url), nul_item(url)
    other["fields"] = {"name": "Ana"}
    raw = json.dumps({"device": DEVICE, "items": [bad, other]}).replace("Juana", "Jua\\u0000na")
    response = client.post(url, data=raw, content_type="application/json")
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert first == {"id": bad["id"], "status": "rejected", "reason": "invalid_item", "retry": False}
    assert second["id"] == other["id"]  # answered on its own merits (here refused: no call/token)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_raw_nul_character_is_not_json(client, url):
    raw = json.dumps({"device": DEVICE, "items": [nul_item(url)]}).replace("Juana", "Jua\x00na")
    response = client.post(url, data=raw, content_type="application/json")
    assert (response.status_code, response.get_json()) == (400, {"error": "the body is not valid JSON"})
