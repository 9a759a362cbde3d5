"""The sync contract of DESIGN §4, through the Flask test client."""

import json
import uuid

import pytest

from learner.accounts.users import issue_sync_token, set_password
from learner.extensions import db
from learner.models import QuizAttempt, SyncConflict, User
from tests.api.test_lessons import right_answers

DEVICE = "0b7c2f4e-6a1d-4d8e-9f3a-5c2b1e0d9a8f"


@pytest.fixture
def learner(make_user):
    return make_user()


@pytest.fixture
def token(app, learner):
    return issue_sync_token(learner, app.config["SECRET_KEY"])


def attempt(token, catalog, quiz="conectate/tu-celular", **extra):
    known = catalog.quiz(quiz)
    return {"id": str(uuid.uuid4()), "type": "quiz_attempt", "token": token, "quiz": quiz,
            "content_version": "v1", "answers": right_answers(known) if known else {"q1": "a"},
            "answered_at": "2026-11-20T10:00:00Z", **extra}


def sync(client, *items, device=DEVICE):
    return client.post("/api/sync", json={"device": device, "items": list(items)})


def test_an_attempt_is_stored_graded_by_the_server_with_a_receipt(client, catalog, token, learner):
    item = attempt(token, catalog)
    item["answers"]["q1"] = "zz"  # one wrong, whatever the phone thought
    response = sync(client, item)
    assert response.status_code == 200
    [result] = response.get_json()["results"]
    total = len(catalog.quiz("conectate/tu-celular").questions)
    assert result["status"] == "stored" and result["score"] == total - 1 and result["max_score"] == total
    assert len(result["receipt"]) == 7 and result["receipt"][3] == "-"
    row = db.session.get(QuizAttempt, item["id"])
    assert row.user_id == learner.id and row.source == "sync" and row.device == DEVICE
    assert "server_time" in response.get_json()


def test_the_same_item_again_is_a_duplicate_with_the_same_receipt(client, catalog, token):
    item = attempt(token, catalog)
    first = sync(client, item).get_json()["results"][0]
    second = sync(client, item).get_json()["results"][0]
    assert second == {"id": item["id"], "status": "duplicate", "receipt": first["receipt"],
                      "score": first["score"], "max_score": first["max_score"], "passed": first["passed"]}
    assert QuizAttempt.query.count() == 1


def test_same_id_different_body_is_a_logged_conflict(client, catalog, token):
    item = attempt(token, catalog)
    sync(client, item)
    changed = {**item, "answers": {"q1": "zz"}}
    [result] = sync(client, changed).get_json()["results"]
    assert result == {"id": item["id"], "status": "rejected", "reason": "conflict", "retry": False}
    assert QuizAttempt.query.count() == 1
    assert SyncConflict.query.one().item_id == item["id"]


def test_results_come_back_in_order_one_per_item(client, catalog, token):
    items = [attempt(token, catalog), attempt(token, catalog, quiz="no/such"),
             {"id": str(uuid.uuid4()), "type": "lesson_completed", "token": token,
              "lesson": "conectate/tu-celular", "content_version": "v", "completed_at": "2026-11-20T10:00:00Z"}]
    results = sync(client, *items).get_json()["results"]
    assert [r["id"] for r in results] == [i["id"] for i in items]
    assert [r["status"] for r in results] == ["stored", "rejected", "stored"]
    assert results[1] == {"id": items[1]["id"], "status": "rejected", "reason": "unknown_quiz", "retry": False}


def test_items_are_credited_by_token_whatever_the_session(client, catalog, make_user, app):
    a, b = make_user(), make_user()
    client.post("/login", data={"email": b.email, "password": "secreto123"})
    token_a = issue_sync_token(a, app.config["SECRET_KEY"])
    sync(client, attempt(token_a, catalog))
    assert QuizAttempt.query.one().user_id == a.id


def test_a_revoked_token_is_kept_for_retry_after_login(client, catalog, token, learner):
    set_password(db.session.get(User, learner.id), "otra-clave-larga")
    [result] = sync(client, attempt(token, catalog)).get_json()["results"]
    assert result["status"] == "rejected" and result["reason"] == "token_revoked" and result["retry"] is True
    assert QuizAttempt.query.count() == 0


def test_a_forged_token_is_rejected_for_good(client, catalog):
    [result] = sync(client, attempt("eyJ1IjoxLCJnIjowfQ.forged", catalog)).get_json()["results"]
    assert (result["reason"], result["retry"]) == ("token_invalid", False)


def test_a_deleted_learner_answers_gone(client, catalog, token, learner):
    db.session.delete(db.session.get(User, learner.id))
    db.session.commit()
    [result] = sync(client, attempt(token, catalog)).get_json()["results"]
    assert result == {"id": result["id"], "status": "gone"}


@pytest.mark.parametrize("answered_at", ["1999-01-01T00:00:00Z", "2041-06-30T23:59:59+04:00"])
def test_a_wrong_phone_clock_is_stored_with_server_time(client, catalog, token, answered_at):
    item = attempt(token, catalog, answered_at=answered_at)
    assert sync(client, item).get_json()["results"][0]["status"] == "stored"
    row = db.session.get(QuizAttempt, item["id"])
    assert row.answered_at.year in (1999, 2041) and row.received_at.year >= 2026


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b'{"device": "x", "items": []}', b'{"device": "' + DEVICE.encode() + b'"}',
    b'{"device": "' + DEVICE.encode() + b'", "items": [{"id": "nope", "type": "quiz_attempt"}]}',
    b'{"device": "' + DEVICE.encode() + b'", "items": [{"id": "' + DEVICE.encode() + b'", "type": "essay"}]}',
])
def test_a_bad_envelope_is_400_and_stores_nothing(client, body):
    response = client.post("/api/sync", data=body, content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()
    assert QuizAttempt.query.count() == 0


def test_a_valid_item_in_a_bad_envelope_is_not_stored(client, catalog, token):
    good = attempt(token, catalog)
    response = client.post("/api/sync", json={"device": DEVICE, "items": [good, {"id": 5}]})
    assert response.status_code == 400
    assert QuizAttempt.query.count() == 0


def test_too_many_items_or_bytes_is_413(client, catalog, token):
    items = [attempt(token, catalog) for _ in range(101)]
    assert sync(client, *items).status_code == 413
    big = json.dumps({"device": DEVICE, "items": [], "pad": "x" * 300_000})
    assert client.post("/api/sync", data=big, content_type="application/json").status_code == 413
    assert QuizAttempt.query.count() == 0


def test_wrong_content_type_is_400(client):
    assert client.post("/api/sync", data="{}", content_type="text/plain").status_code == 400


def test_one_synced_result_costs_under_2_kb(client, catalog, token):
    item = attempt(token, catalog)
    body = json.dumps({"device": DEVICE, "items": [item]}).encode()
    response = client.post("/api/sync", data=body, content_type="application/json")
    # Body of request and response plus generous headers each way (measured in the browser test too).
    assert len(body) + len(response.data) + 2 * 400 < 2048


def test_only_what_can_complete_a_module_asks_for_the_certificate_check(app, catalog, token, learner):
    from learner.learning import sync as sync_domain
    passed, resent = attempt(token, catalog), attempt(token, catalog, quiz="ciberseguridad/contrasenas")
    failed = attempt(token, catalog, quiz="emprendimiento/de-la-idea-al-negocio", answers={"q1": "zz"})
    lesson = {"id": str(uuid.uuid4()), "type": "lesson_completed", "token": token,
              "lesson": "emprendimiento/de-la-idea-al-negocio", "content_version": "v1",
              "completed_at": "2026-11-20T10:00:00Z"}
    settings = sync_domain.Settings(app.config["SECRET_KEY"])
    sync_domain.accept(DEVICE, [resent], catalog, settings)
    accepted = sync_domain.accept(DEVICE, [passed, failed, resent],
                                  catalog, settings)
    assert [r["status"] for r in accepted.results] == ["stored", "stored", "duplicate"]
    assert accepted.progressed == {learner.id: {"conectate"}}  # a failed quiz completes nothing
    accepted = sync_domain.accept(DEVICE, [lesson], catalog, settings)
    assert accepted.progressed == {learner.id: {"emprendimiento"}}
