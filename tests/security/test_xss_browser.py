"""A learner's name and answers carry markup; trainers and coordinators open every page that
shows them (and pages that echo the query string): nothing runs, nothing is injected, the text
is shown as text."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.security.browsing import HOSTILE_NAME, Watch, sign_in

pytestmark = pytest.mark.browser
STAFF_PREFIXES = ("/trainer", "/programme", "/admin", "/certificates/admin", "/account")
PROBE = quote('"><script>alert("q")</script><img src=x onerror=alert(2)>')
REFLECTED = [f"/trainer/receipts?code={PROBE}", f"/trainer/?region={PROBE}",
             f"/apply/status?reference={PROBE}", f"/verificar?codigo={PROBE}", f"/login?next={PROBE}"]


@pytest.mark.parametrize("who", ["trainer_a", "coordinator"])
def test_staff_pages_show_hostile_text_as_text(live_page, live_world, who):
    watch = Watch(live_page)
    sign_in(live_page, live_world.emails[who])
    staff_pages = [url for url in live_world.pages if url.startswith(STAFF_PREFIXES)]
    problems = []
    for url in staff_pages + REFLECTED:
        live_page.goto(url, wait_until="networkidle")  # let the live_page's scripts fill in names too
        problems += watch.problems(url)
    assert problems == []
    assert len(staff_pages) > 10
    cohort = next(url for url in staff_pages if url.startswith("/trainer/cohorts/"))
    live_page.goto(cohort)
    assert live_page.get_by_text('<script>alert("nombre")</script>', exact=False).count() >= 1


def test_her_own_pages_show_her_name_as_text(live_page, live_world):
    watch = Watch(live_page)
    sign_in(live_page, live_world.emails["rosa"])
    problems = []
    for url in ("/", "/account", "/progress", "/certificates", "/outbox", "/account/delete"):
        live_page.goto(url, wait_until="networkidle")
        problems += watch.problems(url)
    assert problems == []
    live_page.goto("/account")
    assert HOSTILE_NAME in live_page.locator("main").inner_text()
