"""Security fixtures: a programme with every persona, and the browser fixtures of tests/browser
(imported, since pytest_plugins is only allowed in the root conftest)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from werkzeug.security import generate_password_hash

from learner.extensions import db
from learner.models import (
    Application,
    CallCentre,
    Centre,
    Certificate,
    Cohort,
    DeviceProfile,
    Enrolment,
    JoinRequest,
    LessonCompletion,
    QuizAttempt,
    Region,
    Role,
    ScholarshipCall,
    User,
)
from learner.common.timeutil import utcnow
from tests.browser.conftest import *  # live_server and its helpers

PASSWORD = "secreto123"
# A cheap hash: the real scheme costs a fraction of a second per account, and tests make many.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
QUIZ = "conectate/tu-celular"


def quick_user(name: str, role: Role = Role.LEARNER, email: str | None = None) -> User:
    email = email or "".join(c for c in name.lower() if c.isalpha()) + "@example.bo"
    user = User(name=name, email=email, role=role.value, password_hash=FAST_HASH,
                consent_at=utcnow())
    db.session.add(user)
    db.session.flush()
    return user


def add_attempt(user: User, answers: dict | None = None, quiz_id: str = QUIZ) -> QuizAttempt:
    now = utcnow()
    row = QuizAttempt(id=str(uuid.uuid4()), user_id=user.id, quiz_id=quiz_id,
                      content_version="v1", answers=answers or {"q1": "a"}, score=1, max_score=5,
                      passed=False, answered_at=now - timedelta(minutes=5), received_at=now,
                      receipt=uuid.uuid4().hex[:7].upper(), source="sync", body_hash="x")
    db.session.add(row)
    return row


# They joined their groups long before any result a test adds: trainers see results that
# arrived while a learner was in one of their groups (learner/trainer_lookups.seen_in_scope).
JOINED = utcnow() - timedelta(days=400)


@dataclass
class People:
    centre_a: Centre
    centre_b: Centre
    cohort_a: Cohort
    cohort_b: Cohort
    rosa: User  # learner at centre A: the owner of every object in the URLs
    eva: User  # another learner, at centre B
    trainer_a: User
    trainer_b: User
    coordinator: User
    attempt: QuizAttempt  # Rosa's
    certificate: Certificate  # Rosa's
    application: Application  # Rosa's, to a call with places at centre A
    profile: DeviceProfile  # Rosa's profile on a shared phone
    invitation: JoinRequest | None = None  # centre B's trainer asks Rosa to join (hers to answer)
    newcomer: JoinRequest | None = None  # Rosa chose centre A at sign-up (its staff's to answer)


@pytest.fixture
def people(app) -> People:
    return build_people()


def build_people(rosa_name: str = "Rosa Mamani", answers: dict | None = None) -> People:
    """The programme, in the current app context. The browser tests give Rosa a hostile name."""
    alto, cocha = Region(name="El Alto"), Region(name="Cochabamba")
    centre_a = Centre(name="Centro El Alto Norte", region=alto)
    centre_b = Centre(name="Centro Cochabamba Sur", region=cocha)
    db.session.add_all([alto, cocha, centre_a, centre_b])
    trainer_a = quick_user("Carmen Quispe", Role.TRAINER)
    trainer_b = quick_user("Julia Rojas", Role.TRAINER)
    coordinator = quick_user("Ana Flores", Role.COORDINATOR)
    rosa, eva = quick_user(rosa_name, email="rosa@example.bo"), quick_user("Eva Choque")
    cohort_a = Cohort(name="Grupo mañanas", centre=centre_a, trainer=trainer_a)
    cohort_b = Cohort(name="Grupo Sur", centre=centre_b, trainer=trainer_b)
    db.session.add_all([cohort_a, cohort_b, Enrolment(user=rosa, cohort=cohort_a, created_at=JOINED),
                        Enrolment(user=eva, cohort=cohort_b, created_at=JOINED)])
    attempt = add_attempt(rosa, answers)
    db.session.add(LessonCompletion(id=str(uuid.uuid4()), user_id=rosa.id,
                                    lesson_id="conectate/tu-celular", content_version="v1",
                                    completed_at=utcnow(), receipt="R0SA001", body_hash="x"))
    certificate = Certificate(code="RQSACERT2345ABCD", user_id=rosa.id, module_slug="conectate",
                              module_title="Conéctate", learner_name=rosa.name, hours=12,
                              centre_id=centre_a.id, centre_name=centre_a.name)
    db.session.add(certificate)
    application, profile = _application(rosa, centre_a), _profile(rosa)
    invitation = JoinRequest(user_id=rosa.id, centre_id=centre_b.id, cohort_id=cohort_b.id,
                             source="trainer", requested_by_id=trainer_b.id)
    newcomer = JoinRequest(user_id=rosa.id, centre_id=centre_a.id, source="signup")
    db.session.add_all([invitation, newcomer])
    db.session.commit()
    return People(centre_a, centre_b, cohort_a, cohort_b, rosa, eva, trainer_a, trainer_b,
                  coordinator, attempt, certificate, application, profile, invitation, newcomer)


def _application(user: User, centre: Centre) -> Application:
    call = ScholarshipCall(name="Becas 2026", opens_on=date(2026, 1, 1), closes_on=date(2099, 12, 31))
    db.session.add_all([call, CallCentre(call=call, centre=centre, places=5)])
    db.session.flush()
    row = Application(reference="K7PQ-2MXA", submission_id=str(uuid.uuid4()), call_id=call.id,
                      centre_id=centre.id, name=user.name, email=user.email, phone="59171234567",
                      hours_per_week=5, connection="own_phone", self_check={}, pledged_at=utcnow(),
                      user_id=user.id, user_link="created")  # the award made her account
    db.session.add(row)
    return row


def _profile(user: User) -> DeviceProfile:
    row = DeviceProfile(user_id=user.id, device=str(uuid.uuid4()), secret_hash="0" * 64,
                        label="Celular de la casa")
    db.session.add(row)
    return row


def sign_in(client, user: User, password: str = PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def url_values(app, people: People) -> dict:
    """A real value for every URL argument of the app, owned by Rosa or her centre A."""
    module = app.extensions["catalog"].module("conectate")
    return {
        "module_slug": module.slug, "lesson_slug": module.lessons[0].slug, "slug": module.slug,
        ("lessons.illustration", "filename"): "celular.svg", ("static", "filename"): "css/app.css",
        "attempt_id": people.attempt.id, "code": people.certificate.code,
        "user_id": people.rosa.id, "cohort_id": people.cohort_a.id,
        "call_id": people.application.call_id, "centre_id": people.centre_a.id,
        "application_id": people.application.id, "reference": people.application.reference,
        "profile_id": people.profile.id, "locale": "en",
        ("twofactor.staff.reset", "user_id"): people.trainer_a.id,
        ("belonging.answer", "request_id"): people.invitation.id,
        "request_id": people.newcomer.id,
    }


def build_url(rule, values: dict) -> str:
    """The rule's path with real values; fails, naming the argument, when one is unknown."""
    args = {}
    for name in rule.arguments:
        value = values.get((rule.endpoint, name), values.get(name))
        assert value is not None, f"no test value for <{name}> of {rule.endpoint}: add it to url_values"
        args[name] = value
    return rule.build(args, append_unknown=False)[1]


def get_rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods), key=lambda r: r.rule)


@pytest.fixture(scope="session")
def live_world(live_server):
    """The hostile programme on the live server, seeded once for every browser test here."""
    from tests.security.browsing import seed
    return seed(live_server)


@pytest.fixture
def live_page(browser, browser_context_args, live_server):
    """A page on *this* folder's live server. Not pytest-playwright's `page`: its session-wide
    context arguments keep the base_url of whichever live server asked first (tests/browser's)."""
    context = browser.new_context(**{**browser_context_args, "base_url": live_server.url})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
