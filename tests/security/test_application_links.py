"""A person's applications are hers by a proven link only, never by a matching e-mail
(issue 14.2, DESIGN 3.9). Sign-up never proves an address: someone who signs up with Lucía's
e-mail must neither read her application nor delete it."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select

from learner.extensions import db
from learner.models import Application, CallCentre, ScholarshipCall, User
from learner.common.timeutil import utcnow
from tests.security.conftest import sign_in


def apply_as(people, email: str | None, phone: str = "59176543210", for_whom: str = "self",
             name: str = "Lucía Quispe", reference: str = "L7CQ-4XMA", **extra) -> Application:
    call = db.session.scalar(select(ScholarshipCall).where(ScholarshipCall.name == "Becas 2025"))
    if call is None:
        call = ScholarshipCall(name="Becas 2025", opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31))
        db.session.add_all([call, CallCentre(call=call, centre_id=people.centre_a.id, places=5)])
        db.session.flush()
    row = Application(reference=reference, submission_id=str(uuid.uuid4()), call_id=call.id,
                      centre_id=people.centre_a.id, name=name, email=email, phone=phone,
                      for_whom=for_whom, hours_per_week=5, connection="own_phone",
                      self_check={"q": "a"}, pledged_at=utcnow(), **extra)
    db.session.add(row)
    db.session.commit()
    return row


def sign_up(client, email: str) -> User:
    response = client.post("/signup", data={"name": "Alguien", "email": email,
                                            "password": "una-clave-larga-9", "consent": "y"})
    assert response.status_code == 302
    return db.session.scalar(select(User).where(User.email == email))


def test_signing_up_with_her_email_neither_reads_nor_deletes_her_application(client, people):
    application = apply_as(people, "lucia@example.bo")
    sign_up(client, "lucia@example.bo")  # not Lucía: nobody proved the address
    exported = client.get("/account/data").get_data(as_text=True)
    assert "L7CQ-4XMA" not in exported and "59176543210" not in exported
    done = client.post("/account/delete", data={"password": "una-clave-larga-9", "understood": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Application, application.id)
    assert kept is not None and kept.email == "lucia@example.bo" and kept.user_id is None


def test_she_links_her_application_with_its_reference_and_phone(client, people):
    application = apply_as(people, "lucia@example.bo")
    user = sign_up(client, "lucia@example.bo")
    account = client.get("/account").get_data(as_text=True)
    assert "¿Postulaste a una beca antes de tener cuenta?" in account
    wrong = client.post("/account/applications/link",
                        data={"reference": "l7cq 4xma", "phone": "71234567"})
    assert wrong.status_code == 400 and "No encontramos una postulación tuya" in wrong.get_data(as_text=True)
    db.session.refresh(application)
    assert application.user_id is None
    right = client.post("/account/applications/link",
                        data={"reference": "l7cq 4xma", "phone": "765 43 210"})
    assert right.status_code == 302
    db.session.refresh(application)
    assert application.user_id == user.id and application.user_link == "reference"
    assert "L7CQ-4XMA" in client.get("/account/data").get_data(as_text=True)
    # She filed it for herself and proved it: deleting her account deletes it.
    client.post("/account/delete", data={"password": "una-clave-larga-9", "understood": "y"})
    db.session.expire_all()
    assert db.session.get(Application, application.id) is None


def test_an_application_linked_to_someone_else_cannot_be_taken_by_reference(client, people):
    application = apply_as(people, None, user_id=people.rosa.id, user_link="reference")
    sign_up(client, "otra@example.bo")
    taken = client.post("/account/applications/link",
                        data={"reference": "L7CQ-4XMA", "phone": "76543210"})
    assert taken.status_code == 400
    db.session.refresh(application)
    assert application.user_id == people.rosa.id


def test_an_application_filed_for_her_by_family_is_unlinked_not_deleted(client, people):
    """Her mother applied for her; the award made Rosa's account. Rosa deleting her account
    must not delete what her mother filed."""
    filed = apply_as(people, people.rosa.email, for_whom="family", applicant_name="Julia Mamani",
                     family_relation="mother", user_id=people.rosa.id, user_link="created")
    linked_by_award = apply_as(people, "rosa.otra@example.bo", reference="M9RT-2QPA",
                               phone="59170000001", name="Rosa M.", user_id=people.rosa.id,
                               user_link="existing")
    sign_in(client, people.rosa)
    exported = client.get("/account/data").get_json()
    assert {"L7CQ-4XMA", "M9RT-2QPA"} <= {a["reference"] for a in exported["application"]}
    client.post("/account/delete", data={"password": "secreto123", "understood": "y"})
    db.session.expire_all()
    for row_id in (filed.id, linked_by_award.id):
        kept = db.session.get(Application, row_id)
        assert kept is not None and kept.user_id is None and kept.user_link is None
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.id == people.rosa.id)) == 0
