"""Applications queued on the phone reach POST /api/applications: stored once by the same rules
as the HTML form, a resend is a duplicate (success), a refusal is final and says why."""

import logging
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learner.programme import calls
from learner.extensions import db
from learner.models import Application

from tests.api.test_openapi import check

from .conftest import form_data
from tests.conftest import programme_today

DEVICE = str(uuid.uuid4())


def item(place, call, **overrides) -> dict:
    """An outbox item as apply-draft.js builds it: the form's fields, ticked boxes as true."""
    fields = {k: True if v == "y" else v
              for k, v in form_data(place, **overrides).items() if k != "submission_id"}
    return {"id": str(uuid.uuid4()), "type": "application", "call": call.id, "fields": fields}


def send(client, *items):
    response = client.post("/api/applications", json={"device": DEVICE, "items": list(items)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def count() -> int:
    return db.session.scalar(select(func.count(Application.id)))


def test_a_queued_application_is_stored_once_and_answers_her_reference(client, call, centres):
    queued = item(centres[0], call)
    [first] = send(client, queued)
    [again] = send(client, queued)  # the answer was lost on the way: the outbox sends it again
    application = db.session.scalar(select(Application))
    assert first == {"id": queued["id"], "status": "stored", "receipt": application.reference,
                     "state": "submitted"}
    assert again["status"] == "duplicate" and again["receipt"] == application.reference
    assert (count(), application.submission_id, application.score) == (1, queued["id"], 100)


def test_the_same_id_with_another_person_is_a_conflict(client, call, centres):
    queued = item(centres[0], call)
    send(client, queued)
    changed = {**queued, "fields": {**queued["fields"], "name": "Otra Persona", "phone": "76543210"}}
    [result] = send(client, changed)
    assert result == {"id": queued["id"], "status": "rejected", "reason": "conflict", "retry": False}
    assert count() == 1


def test_a_resend_is_a_duplicate_even_when_the_form_would_now_refuse_it(client, call, centres):
    alto, cocha = centres
    queued = item(alto, call)
    [first] = send(client, queued)  # stored; the phone never heard the answer
    alto.region_id = cocha.region_id  # staff corrected the centre's region: "Elige un centro de tu región."
    db.session.commit()
    [again] = send(client, queued)
    assert (again["status"], again["receipt"]) == ("duplicate", first["receipt"])


def test_the_same_id_in_another_call_is_a_conflict_and_is_logged(client, call, centres, caplog):
    today = programme_today()
    other = calls.save_call(None, "Otra convocatoria", today, today + timedelta(days=9),
                            {centres[0].id: (1, "")})
    queued = item(centres[0], call)
    send(client, queued)
    with caplog.at_level(logging.WARNING, logger="learner.programme.queued"):
        [result] = send(client, {**queued, "call": other.id})
    assert (result["status"], result["reason"], result["retry"]) == ("rejected", "conflict", False)
    assert [r.getMessage() for r in caplog.records] == [
        f"application conflict: item {queued['id']} from device {DEVICE} sent again with another body"]
    assert count() == 1


def test_the_forms_rules_apply_and_each_refusal_is_final_with_its_reason(client, call, centres):
    alto, cocha = centres
    send(client, item(alto, call))
    results = send(client,
                   item(alto, call, email="juana@example.bo", phone="76543210"),  # same e-mail
                   item(alto, call, email="otra@example.bo", name="JUANA  cóndori"),  # same phone+name
                   item(alto, call, email=""),  # says she has e-mail, gives none
                   item(alto, call, region=str(cocha.region_id), email="x@example.bo", phone="70000001"),
                   {**item(alto, call), "call": 999})
    reasons = [(r["status"], r["reason"], r["retry"], r.get("field")) for r in results]
    assert reasons == [("rejected", "already_applied", False, "email"),
                       ("rejected", "already_applied", False, "phone"),
                       ("rejected", "invalid_item", False, None),
                       ("rejected", "invalid_item", False, None),
                       ("rejected", "unknown_call", False, None)]
    assert results[2]["errors"] == {"email": ["Escribe tu correo, o marca que no tienes."]}
    assert results[3]["errors"] == {"centre": ["Elige un centro de tu región."]}
    assert count() == 1


def test_a_centre_that_is_not_offered_gets_one_message(client, call, centres):
    [result] = send(client, item(centres[0], call, centre="99999"))
    assert result["errors"] == {"centre": ["Elige un centro de tu región."]}


def test_a_family_member_sharing_the_phone_is_accepted_and_flagged(client, call, centres):
    [mother] = send(client, item(centres[0], call))
    [daughter] = send(client, item(centres[0], call, name="Luz Condori", email="luz@example.bo",
                                   for_whom="family", applicant_name="Juana Condori",
                                   family_relation="daughter"))
    assert daughter["status"] == "stored"
    flagged = db.session.scalar(select(Application).where(Application.reference == daughter["receipt"]))
    assert flagged.shares_phone_with == mother["receipt"]


@pytest.mark.parametrize("body", [
    "not json", [], {"device": "x", "items": []}, {"device": DEVICE, "items": {}},
    {"device": DEVICE, "items": [{"id": "nope", "type": "application"}]},
    {"device": DEVICE, "items": [{"id": str(uuid.uuid4()), "type": "quiz_attempt"}]},
])
def test_a_bad_envelope_is_400_and_stores_nothing(client, call, body):
    response = client.post("/api/applications", data=body if isinstance(body, str) else None,
                           json=None if isinstance(body, str) else body,
                           content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()
    assert count() == 0


@pytest.mark.parametrize("fields", [
    None, "text", {"name": ["a", "list"]}, {"name": "x" * 5000}, {f"f{i}": "x" for i in range(50)},
    {"hours": "99", "centre": "x", "region": {"no": 1}},
])
def test_damaged_fields_are_a_final_refusal_never_a_500(client, call, centres, fields):
    queued = {**item(centres[0], call), "fields": fields}
    for bad_call in (call.id, True, 2**70, "1"):
        [result] = send(client, {**queued, "call": bad_call})
        assert result["status"] == "rejected" and result["retry"] is False
    assert count() == 0


def test_too_many_items_is_413(client, call, centres):
    response = client.post("/api/applications", json={"device": DEVICE, "items": [item(centres[0], call)] * 101})
    assert response.status_code == 413 and count() == 0


@pytest.mark.config(RATELIMIT_ENABLED=True, APPLY_SEND_LIMIT="3 per minute", APPLY_READ_LIMIT="4 per minute")
def test_sending_and_status_pages_are_limited_per_address(client, call, centres):
    def from_address(ip):
        return {"REMOTE_ADDR": ip}

    sends = [client.post("/api/applications", json={"device": DEVICE, "items": []},
                         environ_base=from_address("10.0.0.1")).status_code for _ in range(2)]
    sends.append(client.post("/apply", data=form_data(centres[0]), environ_base=from_address("10.0.0.1")).status_code)
    refused = client.post("/api/applications", json={"device": DEVICE, "items": []},
                          environ_base=from_address("10.0.0.1"))
    assert sends + [refused.status_code] == [200, 200, 302, 429]  # the form and the outbox share one budget
    assert refused.get_json() == {"error": "too many requests"}  # the outbox keeps the items
    reads = [client.get("/apply/ABCD-2345", environ_base=from_address("10.0.0.1")).status_code
             for _ in range(5)]
    assert reads == [404] * 4 + [429]
    other_centre = client.get("/apply/status?reference=ABCD2345", environ_base=from_address("10.0.0.2"))
    assert other_centre.status_code == 302
    assert client.get("/apply", environ_base=from_address("10.0.0.1")).status_code == 200


def test_answers_and_items_match_the_api_document(client, call, centres):
    queued = item(centres[0], call)
    check({"device": DEVICE, "items": [queued]}, "ApplicationEnvelope")
    response = client.post("/api/applications", json={"device": DEVICE, "items": [
        queued, queued, item(centres[0], call, email=""), {**item(centres[0], call), "call": 999}]})
    check(response.get_json(), "ApplicationAnswer")
    assert [r["status"] for r in response.get_json()["results"]] == ["stored", "duplicate", "rejected", "rejected"]
    check(client.post("/api/applications", json={"device": "x"}).get_json(), "Error")
