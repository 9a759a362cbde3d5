"""Awarding within the places, the waitlist, withdrawals and what an award creates."""

import pytest
from sqlalchemy import func, select

from learner.accounts.users import authenticate
from learner.programme.activation import code_matches
from learner.extensions import db
from learner.models import Application, Cohort, Enrolment, Role, User
from learner.programme.awards import (
    AwardRefused,
    add_email,
    award_one,
    award_top,
    reject,
    renew_code,
    withdraw,
)

from .conftest import SECRET


def awarded_at(centre) -> int:
    return db.session.scalar(select(func.count(Application.id)).where(
        Application.centre_id == centre.id, Application.status == "awarded"))


def refused(action, *args) -> str:
    with pytest.raises(AwardRefused) as caught:
        action(*args)
    return caught.value.reason


def test_an_award_creates_her_account_cohort_enrolment_and_code(call, centres, make_application,
                                                                coordinator, make_user):
    trainer = make_user(Role.TRAINER)
    db.session.add(Cohort(name="Grupo 1", centre_id=centres[0].id, trainer_id=trainer.id))
    db.session.commit()
    application = make_application(centres[0])
    award = award_one(application.id, coordinator, SECRET)
    user = db.session.scalar(select(User).where(User.email == application.email))
    assert award.new_account and user.role == "learner" and application.user_id == user.id
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Becarias Convocatoria 2026"))
    assert cohort.centre_id == centres[0].id and cohort.trainer_id == trainer.id
    assert db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id)).cohort_id == cohort.id
    assert code_matches(application, award.code, SECRET) and application.activation_hash != award.code
    assert authenticate(user.email, "") is None  # nobody knows her password until she sets it


def test_an_existing_learner_account_is_linked_not_duplicated(call, centres, make_application,
                                                              coordinator, make_user):
    existing = make_user(Role.LEARNER)
    application = make_application(centres[0], email=existing.email)
    award = award_one(application.id, coordinator, SECRET)
    assert not award.new_account and application.user_id == existing.id
    assert db.session.scalar(select(func.count(User.id)).where(User.email == existing.email)) == 1


def test_a_staff_email_is_never_turned_into_a_scholarship(call, centres, make_application, coordinator):
    application = make_application(centres[0], email=coordinator.email)
    assert refused(award_one, application.id, coordinator, SECRET) == "staff_email"
    assert application.status == "submitted"


def test_places_are_never_exceeded_and_the_rest_go_to_the_waitlist(call, centres, make_application,
                                                                   coordinator):
    cocha = centres[1]  # one place
    first, second, third = (make_application(cocha) for _ in range(3))
    award_one(first.id, coordinator, SECRET)
    assert refused(award_one, second.id, coordinator, SECRET) == "full"
    db.session.expire_all()
    assert awarded_at(cocha) == 1
    assert (second.status, third.status) == ("waitlisted", "waitlisted")


def test_award_top_n_follows_the_score_and_stops_at_the_places(call, centres, make_application, coordinator):
    alto = centres[0]  # two places
    low = make_application(alto, hours_per_week=1)
    best = make_application(alto)
    middle = make_application(alto, hours_per_week=2)
    no_email = make_application(alto, email=None)
    awards = award_top(call.id, alto.id, 5, coordinator, SECRET)
    assert [a.application.id for a in awards] == [best.id, middle.id]
    db.session.expire_all()
    assert (low.status, no_email.status) == ("waitlisted", "needs_email")
    assert refused(award_top, call.id, alto.id, 1, coordinator, SECRET) == "full"


def test_award_top_n_awards_only_n_and_the_rest_stay_for_review(call, centres, make_application, coordinator):
    alto = centres[0]
    first, second = make_application(alto), make_application(alto, hours_per_week=1)
    assert len(award_top(call.id, alto.id, 1, coordinator, SECRET)) == 1
    db.session.expire_all()
    assert (first.status, second.status) == ("awarded", "submitted")


def test_a_resent_award_top_form_awards_nothing_more(call, centres, make_application, coordinator):
    alto = centres[0]
    for _ in range(3):
        make_application(alto)
    award_top(call.id, alto.id, 1, coordinator, SECRET, expected_left=2)
    assert refused(award_top, call.id, alto.id, 1, coordinator, SECRET, 2) == "changed"
    assert awarded_at(alto) == 1


def test_a_withdrawal_promotes_the_best_on_the_waitlist(call, centres, make_application, coordinator):
    cocha = centres[1]
    holder = make_application(cocha)
    award_one(holder.id, coordinator, SECRET)
    weaker = make_application(cocha, hours_per_week=1)
    stronger = make_application(cocha, hours_per_week=2)
    assert (weaker.status, stronger.status) == ("waitlisted", "waitlisted")
    promoted = withdraw(holder.id, coordinator, SECRET)
    db.session.expire_all()
    assert promoted.application.id == stronger.id and stronger.status == "awarded"
    assert code_matches(stronger, promoted.code, SECRET)
    assert (holder.status, holder.activation_hash, weaker.status) == ("withdrawn", None, "waitlisted")
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == holder.user_id))
    assert enrolment.status == "withdrawn"
    assert awarded_at(cocha) == 1


def test_withdrawing_from_the_waitlist_promotes_nobody(call, centres, make_application, coordinator):
    cocha = centres[1]
    award_one(make_application(cocha).id, coordinator, SECRET)
    waiting = make_application(cocha)
    assert withdraw(waiting.id, coordinator, SECRET) is None
    assert refused(withdraw, waiting.id, coordinator, SECRET) == "not_open"


def test_her_centre_adds_the_email_and_she_can_then_be_awarded(call, centres, make_application,
                                                               coordinator, rules):
    application = make_application(centres[0], email=None)
    assert refused(award_one, application.id, coordinator, SECRET) == "not_open"
    other = make_application(centres[1])
    assert refused(add_email, application.id, other.email, rules) == "duplicate"
    add_email(application.id, "Nueva@Example.bo", rules)
    assert (application.status, application.email, application.score) == (
        "submitted", "nueva@example.bo", 100)
    award_one(application.id, coordinator, SECRET)


def test_rejected_applications_cannot_be_awarded(call, centres, make_application, coordinator):
    application = make_application(centres[0])
    reject(application.id, coordinator)
    assert refused(award_one, application.id, coordinator, SECRET) == "not_open"


def test_a_new_code_replaces_the_old_one(call, centres, make_application, coordinator):
    application = make_application(centres[0])
    first = award_one(application.id, coordinator, SECRET)
    second = renew_code(application.id, SECRET)
    assert code_matches(application, second.code, SECRET)
    assert not code_matches(application, first.code, SECRET)
    assert refused(renew_code, make_application(centres[0]).id, SECRET) == "not_awarded"
