"""An award never hands over an account it did not make (issue 14.1, DESIGN 3.9).

Anyone may apply with an existing learner's e-mail and a phone of her own. If that application
is awarded, no activation code may exist for it: a code sets the account's password, and it goes
to the phone the applicant typed. She keeps signing in as always; staff see "ya tiene cuenta"."""

from __future__ import annotations

from sqlalchemy import select

from learner.programme.activation import ActivationRefused, activate, issue_code
from learner.extensions import db
from learner.models import Enrolment, JoinRequest, Role
from learner.programme.awards import AwardRefused, award_one, award_top, renew_code
from tests.conftest import login

from .conftest import SECRET


def test_an_award_on_an_existing_account_gives_no_code_to_anyone(client, call, centres,
                                                                 make_application, make_user,
                                                                 coordinator):
    rosa = make_user(Role.LEARNER, name="Rosa Mamani")
    # Someone else applies with Rosa's e-mail and her own phone.
    application = make_application(centres[0], email=rosa.email, phone="59179999999")
    login(client, coordinator)
    share = client.post(f"/programme/applications/{application.id}/award")
    body = share.get_data(as_text=True)
    assert share.status_code == 200 and "Ya tiene cuenta" in body
    assert "wa.me" not in body and "/activate?code=" not in body and "big-code" not in body
    db.session.refresh(application)
    assert application.status == "awarded" and application.user_id == rosa.id
    assert application.user_link == "existing" and application.activation_hash is None

    # No renewal either: not through the domain, not through the staff button.
    try:
        renew_code(application.id, SECRET)
    except AwardRefused as refused:
        assert refused.reason == "has_account"
    else:
        raise AssertionError("a code was issued for an account the award did not make")
    again = client.post(f"/programme/applications/{application.id}/code", follow_redirects=True)
    assert "Ya tiene cuenta" in again.get_data(as_text=True)
    db.session.refresh(application)
    assert application.activation_hash is None

    centre_page = client.get(f"/programme/calls/{call.id}/centres/{centres[0].id}")
    text = centre_page.get_data(as_text=True)
    assert "ya tiene cuenta" in text
    assert f"/programme/applications/{application.id}/code" not in text

    # Her own password still opens her account; she is asked (not pulled) into the group.
    client.post("/logout")
    login(client, rosa)
    assert db.session.scalar(select(Enrolment).where(Enrolment.user_id == rosa.id)) is None
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.user_id == rosa.id))
    assert request.source == "award" and request.status == "pending"
    assert "Tienes una beca" in client.get("/account").get_data(as_text=True)


def test_a_code_planted_on_an_existing_account_cannot_set_its_password(call, centres,
                                                                      make_application,
                                                                      make_user, coordinator):
    """Even a code left from before the fix (or written by hand) is refused for such a link."""
    rosa = make_user(Role.LEARNER)
    application = make_application(centres[0], email=rosa.email)
    award_one(application.id, coordinator, SECRET)
    code = issue_code(application, SECRET)
    db.session.commit()
    try:
        activate(code, "clave-del-intruso-1", SECRET)
    except ActivationRefused as refused:
        assert refused.reason == "invalid"
    else:
        raise AssertionError("a code set the password of an account the award did not make")


def test_award_top_gives_codes_only_for_the_accounts_it_creates(call, centres, make_application,
                                                              make_user, coordinator):
    existing = make_user(Role.LEARNER)
    mine = make_application(centres[0], email=existing.email)
    new = make_application(centres[0], email="nueva@example.bo")
    awards = {a.application.id: a for a in award_top(call.id, centres[0].id, 2, coordinator, SECRET)}
    assert awards[mine.id].code is None and not awards[mine.id].new_account
    assert awards[new.id].code and awards[new.id].new_account
    renewed = renew_code(new.id, SECRET).code  # her code can still be renewed, and it works
    assert activate(renewed, "mi-clave-2026", SECRET).email == "nueva@example.bo"
    db.session.refresh(new)
    assert new.user_link == "created"
    assert db.session.scalar(select(Enrolment.status).where(Enrolment.user_id == new.user_id)) == "active"
