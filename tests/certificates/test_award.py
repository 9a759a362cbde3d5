"""Earning a certificate: the completion rule, awarding once, the Emprendimiento scholarship."""

from learner.certificates import awards as certs
from learner.extensions import db
from learner.models import Certificate, Role
from tests.certificates.conftest import complete, do_lesson


def award(user, catalog, ratio=0.7):
    issued = certs.award_if_complete(user, catalog, ratio)
    db.session.commit()
    return issued


def test_completing_every_lesson_and_quiz_of_conectate_earns_its_certificate(catalog, make_user):
    rosa = make_user(name="Rosa Mamani")
    complete(rosa, catalog.module("conectate"))
    issued = award(rosa, catalog)
    assert [c.module_slug for c in issued] == ["conectate"]
    cert = issued[0]
    assert cert.learner_name == "Rosa Mamani" and cert.module_title == "Conéctate"
    assert cert.hours == catalog.module("conectate").hours
    assert len(cert.code) == 16 and certs.normalise_code(cert.code) == cert.code


def test_a_missing_lesson_or_an_unpassed_quiz_earns_nothing(catalog, make_user):
    module = catalog.module("conectate")
    no_lesson, failed = make_user(), make_user()
    complete(no_lesson, module, skip_last=True)
    do_lesson(no_lesson, module.lessons[-1], done=False)  # quiz passed, lesson not marked done
    complete(failed, module, skip_last=True)
    do_lesson(failed, module.lessons[-1], passed=False)
    db.session.commit()
    assert award(no_lesson, catalog) == [] and award(failed, catalog) == []


def test_the_best_score_counts_and_a_later_pass_completes_the_module(catalog, make_user):
    module = catalog.module("conectate")
    rosa = make_user()
    complete(rosa, module, skip_last=True)
    do_lesson(rosa, module.lessons[-1], passed=False)
    db.session.commit()
    assert award(rosa, catalog) == []
    do_lesson(rosa, module.lessons[-1], done=False, passed=True)
    do_lesson(rosa, module.lessons[-1], done=False, passed=False)  # a worse try afterwards
    db.session.commit()
    assert [c.module_slug for c in award(rosa, catalog)] == ["conectate"]


def test_the_pass_ratio_is_configurable(catalog, make_user):
    rosa = make_user()
    complete(rosa, catalog.module("conectate"))
    assert award(rosa, catalog, ratio=1.01) == []  # nobody scores more than everything
    assert len(award(rosa, catalog, ratio=1.0)) == 1


def test_a_certificate_is_awarded_once(catalog, make_user):
    rosa = make_user()
    complete(rosa, catalog.module("conectate"))
    assert len(award(rosa, catalog)) == 1
    assert award(rosa, catalog) == []
    assert db.session.query(Certificate).count() == 1


def test_emprendimiento_is_locked_until_conectate_is_certified(catalog, make_user):
    rosa = make_user()
    assert certs.is_unlocked(rosa, "conectate") and certs.is_unlocked(rosa, "ciberseguridad")
    assert not certs.is_unlocked(rosa, "emprendimiento")
    complete(rosa, catalog.module("conectate"))
    award(rosa, catalog)
    assert certs.is_unlocked(rosa, "emprendimiento")


def test_anonymous_visitors_see_it_locked_and_staff_always_open(make_user):
    assert not certs.is_unlocked(None, "emprendimiento")
    assert certs.is_unlocked(make_user(Role.TRAINER), "emprendimiento")
    assert certs.is_unlocked(make_user(Role.COORDINATOR), "emprendimiento")


def test_emprendimiento_done_while_locked_is_certified_once_conectate_is(catalog, make_user):
    rosa = make_user()
    complete(rosa, catalog.module("emprendimiento"))  # results are stored even while locked
    assert award(rosa, catalog) == []
    complete(rosa, catalog.module("conectate"))
    slugs = [c.module_slug for c in award(rosa, catalog)]
    assert slugs == ["conectate", "emprendimiento"]


def test_a_coordinator_grant_opens_emprendimiento_and_certifies_finished_work(catalog, make_user):
    rosa, ana = make_user(), make_user(Role.COORDINATOR)
    complete(rosa, catalog.module("emprendimiento"))
    certs.grant_module(rosa, "emprendimiento", ana)
    certs.grant_module(rosa, "emprendimiento", ana)  # idempotent
    db.session.commit()
    assert certs.is_unlocked(rosa, "emprendimiento")
    assert [c.module_slug for c in award(rosa, catalog)] == ["emprendimiento"]


def test_a_revoked_certificate_is_not_reissued_and_no_longer_unlocks(catalog, make_user):
    rosa, ana = make_user(), make_user(Role.COORDINATOR)
    complete(rosa, catalog.module("conectate"))
    cert = award(rosa, catalog)[0]
    certs.revoke(cert, "  Datos falsos  ", ana)
    db.session.commit()
    assert cert.revoked and cert.revoke_reason == "Datos falsos" and cert.revoked_by_id == ana.id
    assert award(rosa, catalog) == []
    assert not certs.is_unlocked(rosa, "emprendimiento")


def test_the_certificate_keeps_her_centre_and_name_as_they_were(catalog, make_user, place):
    rosa = make_user(name="Rosa Mamani")
    place["enrol"](rosa, 1)
    complete(rosa, catalog.module("conectate"))
    cert = award(rosa, catalog)[0]
    rosa.name = "Rosa M. Quispe"
    db.session.commit()
    assert cert.centre_name == "Centro Cochabamba Sur" and cert.centre_id == place["centres"][1].id
    assert certs.facts(cert)["n"] == "Rosa Mamani"


def test_award_after_a_sync_checks_the_learners_who_progressed(catalog, make_user):
    rosa, eva = make_user(), make_user()
    complete(rosa, catalog.module("conectate"))
    complete(eva, catalog.module("conectate"), skip_last=True)
    progressed = {rosa.id: {"conectate"}, eva.id: {"conectate"}}
    issued = certs.award_for_learners(progressed, catalog, 0.7)
    assert [c.user_id for c in issued] == [rosa.id]
    assert certs.award_for_learners(progressed, catalog, 0.7) == []  # she holds it now
    assert certs.award_for_learners({}, catalog, 0.7) == []


def test_codes_are_normalised_and_grouped_for_reading():
    code = certs.new_code()
    assert len(code) == 16 and len({certs.new_code() for _ in range(50)}) == 50
    grouped = certs.format_code(code)
    assert grouped.count("-") == 3 and certs.normalise_code(grouped.lower()) == code
    assert certs.normalise_code("ABC") == "" and certs.normalise_code("0" * 16) == ""
