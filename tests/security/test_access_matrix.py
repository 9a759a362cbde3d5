"""Every route of the URL map, called by each kind of visitor, answers as this table says; no
denied answer carries another learner's name or e-mail. A route missing from the table fails
the test: a new route cannot escape the review.

Objects in the URLs belong to Rosa, a learner at centre A (her attempt, certificate,
application, phone profile; cohort A; centre A). Columns: anonymous, Rosa, Eva (another
learner, centre B), the trainer of centre A, the trainer of centre B, the coordinator.
"""

from __future__ import annotations

import pytest

from tests.security.conftest import build_url, sign_in, url_values

PERSONAS = (None, "rosa", "eva", "trainer_a", "trainer_b", "coordinator")
OK, LOGIN = "ok", "login"  # allowed / sent to sign in (a 401 for the phone's script under /api/)

PUBLIC = (OK,) * 6
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK)
HERS_ONLY = (LOGIN, OK, 404, 404, 404, 404)
LEARNERS_ONLY = (LOGIN, OK, OK, 403, 403, 403)
HER_CERTIFICATE = (LOGIN, OK, 404, OK, 404, OK)  # her trainer and the coordinator may see it
STAFF = (LOGIN, 403, 403, OK, OK, OK)
CENTRE_A_STAFF = (LOGIN, 403, 403, OK, 404, OK)  # the other centre's trainer: as if absent
COORDINATOR = (LOGIN, 403, 403, 403, 403, OK)

ACCESS = {
    ("GET", "lessons.home"): PUBLIC,
    ("GET", "lessons.module"): PUBLIC,
    ("GET", "lessons.lesson"): PUBLIC,
    ("GET", "lessons.quiz"): PUBLIC,
    ("GET", "lessons.illustration"): PUBLIC,
    ("POST", "lessons.mark_done"): SIGNED_IN,
    ("POST", "lessons.submit_quiz"): SIGNED_IN,
    ("GET", "lessons.attempt"): HERS_ONLY,
    ("GET", "lessons.progress"): SIGNED_IN,
    ("GET", "static"): PUBLIC,
    ("GET", "pwa.service_worker"): PUBLIC,
    ("GET", "pwa.manifest"): PUBLIC,
    ("GET", "pwa.offline"): PUBLIC,
    ("GET", "pwa.outbox"): PUBLIC,
    ("GET", "pwa.data"): PUBLIC,
    ("GET", "auth.login"): PUBLIC,
    ("POST", "auth.login"): PUBLIC,
    ("GET", "auth.signup"): PUBLIC,
    ("POST", "auth.signup"): PUBLIC,
    ("GET", "auth.forgot"): PUBLIC,
    ("POST", "auth.forgot"): PUBLIC,
    ("POST", "auth.logout"): PUBLIC,
    ("GET", "auth.set_locale"): (302,) * 6,  # anyone: sets the language cookie, back to the page
    ("GET", "auth.account"): SIGNED_IN,
    ("GET", "auth.change_password"): SIGNED_IN,
    ("POST", "auth.change_password"): SIGNED_IN,  # an empty form: a 400 asking for the fields
    ("GET", "api.me"): PUBLIC,  # {"user": null} when nobody is signed in
    ("GET", "api.csrf_token"): PUBLIC,  # the caller's own session token
    ("POST", "api.sync_items"): PUBLIC,  # credited by the sync token in each item, not the session
    ("GET", "api.module_offline"): PUBLIC,
    ("GET", "profiles.chooser"): PUBLIC,
    ("POST", "profiles.credential"): SIGNED_IN,
    ("POST", "profiles.switch"): (403,) * 6,  # without the phone's credential, nobody switches
    ("GET", "profiles.my_devices"): SIGNED_IN,
    ("POST", "profiles.revoke_mine"): HERS_ONLY,
    ("GET", "privacy.notice"): PUBLIC,
    ("GET", "privacy.my_data"): SIGNED_IN,
    ("GET", "privacy.delete_mine"): LEARNERS_ONLY,
    ("POST", "privacy.delete_mine"): LEARNERS_ONLY,
    ("GET", "privacy.admin.learner_data"): COORDINATOR,
    ("GET", "privacy.admin.delete_learner_account"): COORDINATOR,
    ("POST", "privacy.admin.delete_learner_account"): COORDINATOR,
    ("GET", "certificates.mine"): SIGNED_IN,
    ("GET", "certificates.show"): HER_CERTIFICATE,
    ("GET", "certificates.pdf"): HER_CERTIFICATE,
    ("GET", "certificates.verify_offline"): PUBLIC,  # verification is public by design: the
    ("GET", "certificates.verify"): PUBLIC,  # 16-character code is the capability
    ("GET", "certificates.status"): PUBLIC,
    ("GET", "certificates.public_keys"): PUBLIC,
    ("GET", "certificates_admin.index"): COORDINATOR,
    ("GET", "certificates_admin.revoke"): COORDINATOR,
    ("POST", "certificates_admin.revoke"): COORDINATOR,
    ("POST", "certificates_admin.grant"): COORDINATOR,
    ("GET", "apply.form"): PUBLIC,
    ("POST", "apply.form"): PUBLIC,
    ("GET", "apply.lookup"): PUBLIC,
    ("GET", "apply.status"): PUBLIC,  # the reference is the capability; the page shows no name
    ("POST", "apply.queued"): PUBLIC,  # applications from the outbox: whoever applies has no account
    ("GET", "apply.activate"): PUBLIC,
    ("POST", "apply.activate"): PUBLIC,
    ("GET", "programme.index"): STAFF,
    ("GET", "programme.call"): CENTRE_A_STAFF,
    ("GET", "programme.centre"): CENTRE_A_STAFF,
    ("GET", "programme.new_call"): COORDINATOR,
    ("POST", "programme.new_call"): COORDINATOR,
    ("GET", "programme.edit_call"): COORDINATOR,
    ("POST", "programme.edit_call"): COORDINATOR,
    ("POST", "programme_actions.award"): CENTRE_A_STAFF,
    ("POST", "programme_actions.award_best"): CENTRE_A_STAFF,
    ("POST", "programme_actions.new_code"): CENTRE_A_STAFF,
    ("POST", "programme_actions.reject_one"): CENTRE_A_STAFF,
    ("POST", "programme_actions.send_code"): CENTRE_A_STAFF,
    ("POST", "programme_actions.set_email"): CENTRE_A_STAFF,
    ("POST", "programme_actions.withdraw_one"): CENTRE_A_STAFF,
    ("GET", "programme_reports.index"): COORDINATOR,
    ("GET", "programme_reports.chart"): COORDINATOR,
    ("GET", "programme_reports.csv_report"): COORDINATOR,
    ("GET", "trainer.index"): STAFF,
    ("GET", "trainer.guides"): STAFF,
    ("GET", "trainer.guide"): STAFF,
    ("GET", "trainer.receipt"): STAFF,
    ("GET", "trainer.cohort"): CENTRE_A_STAFF,
    ("GET", "trainer.questions"): CENTRE_A_STAFF,
    ("GET", "trainer.export"): CENTRE_A_STAFF,
    ("POST", "trainer.enrol"): CENTRE_A_STAFF,
    ("GET", "trainer.learner"): CENTRE_A_STAFF,
    ("POST", "trainer.reset_code"): CENTRE_A_STAFF,
    ("POST", "trainer.move"): CENTRE_A_STAFF,
    ("POST", "trainer.withdraw"): CENTRE_A_STAFF,
    ("POST", "trainer.revoke_device"): CENTRE_A_STAFF,
    ("POST", "trainer.accept_newcomer"): CENTRE_A_STAFF,  # she chose centre A at sign-up
    ("POST", "trainer.decline_newcomer"): CENTRE_A_STAFF,
    ("POST", "belonging.answer"): HERS_ONLY,  # a join request made to her: only she answers
    ("POST", "belonging.link_application"): LEARNERS_ONLY,
    ("GET", "twofactor.code"): (LOGIN,) * 6,  # no password step pending: back to sign in
    ("POST", "twofactor.code"): (LOGIN,) * 6,
    ("GET", "twofactor.enrol"): STAFF,
    ("POST", "twofactor.enrol"): STAFF,  # an empty form: a 400 asking for the code
    ("GET", "twofactor.staff.index"): COORDINATOR,
    ("POST", "twofactor.staff.reset"): COORDINATOR,  # the URL names a trainer
    ("GET", "ops.healthz"): PUBLIC,  # for load balancers: no data
    ("GET", "ops.readyz"): (503,) * 6,  # the test schema is built without migrations: not ready
    ("GET", "ops.metrics_page"): (404,) * 6,  # only with the METRICS_TOKEN bearer (tests/web)
}
# Calls that change what later calls see go last, in this order (logging out above all).
LAST = ("trainer.withdraw", "privacy.delete_mine", "auth.logout")


def calls(app) -> list[tuple[str, object]]:
    """(method, rule) for every route: reads first, then writes, the disruptive ones last."""
    found = [(method, rule) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    order = {endpoint: i + 1 for i, endpoint in enumerate(LAST)}
    return sorted(found, key=lambda c: (c[0] == "POST", order.get(c[1].endpoint, 0), c[1].rule))


def test_every_route_is_in_the_table_and_the_table_has_no_stale_route(app):
    routes = {(method, rule.endpoint) for method, rule in calls(app)}
    assert routes - set(ACCESS) == set(), "new routes: decide who may call them, add them to ACCESS"
    assert set(ACCESS) - routes == set(), "routes gone: remove them from ACCESS"


def outcome(response) -> object:
    if response.status_code == 401 or (response.status_code == 302 and "/login" in response.location):
        return LOGIN
    return response.status_code


def check(method: str, url: str, expected, response) -> str | None:
    got = outcome(response)
    if expected == OK:
        allowed = got == 200 if method == "GET" else got not in (LOGIN, 403, 404) and got < 500
        return None if allowed else f"{method} {url}: {got}, expected it allowed"
    return None if got == expected else f"{method} {url}: {got}, expected {expected}"


def call(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, json={})
    return client.post(url, data={})  # empty forms: nothing is changed by mistake


@pytest.mark.parametrize("who", PERSONAS)
def test_each_visitor_gets_what_the_table_says_and_denials_leak_nothing(app, people, who):
    client = app.test_client()
    if who:
        sign_in(client, getattr(people, who))
    others = [u for u in (people.rosa, people.eva) if u.email != getattr(getattr(people, who or "", None), "email", None)]
    secrets = [s for u in others for s in (u.email, u.name)]
    values, column = url_values(app, people), PERSONAS.index(who)
    problems = []
    for method, rule in calls(app):
        url = build_url(rule, values)
        expected = ACCESS[(method, rule.endpoint)][column]
        try:
            response = call(client, method, url)
        except Exception as error:  # noqa: BLE001  (a crash is a finding too: report it)
            problems.append(f"{method} {url}: raised {error!r}")
            continue
        problems.append(check(method, url, expected, response))
        if expected != OK:
            body = response.get_data(as_text=True)
            problems += [f"{method} {url}: denied, yet shows {s!r}" for s in secrets if s in body]
        with client.session_transaction() as session:
            # A message her own allowed action left ("Rosa fue retirada") is no leak of the next.
            session.pop("_flashes", None)
    problems = [p for p in problems if p]
    assert problems == [], "\n".join(problems)
