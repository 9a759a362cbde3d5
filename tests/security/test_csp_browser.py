"""Every HTML page of the URL map, opened in Chromium as each kind of visitor: the strict CSP
(no 'unsafe-inline', no 'unsafe-eval') must never have to block anything."""

from __future__ import annotations

import pytest

from tests.security.browsing import Watch, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("who", [None, "rosa", "trainer_a", "coordinator"])
def test_no_page_violates_the_content_security_policy(live_page, live_world, who):
    watch = Watch(live_page)
    if who:
        sign_in(live_page, live_world.emails[who])
    problems, visited = [], 0
    for url in live_world.pages:
        response = live_page.goto(url, wait_until="load")
        if response is None or response.status >= 500:
            problems.append(f"{url}: {response.status if response else 'no response'}")
        problems += watch.problems(url)
        visited += 1
    assert problems == []
    assert visited == len(live_world.pages) > 30


def test_the_watch_sees_a_violation_when_there_is_one(live_page, live_server):
    """The check above can fail: a page with inline script and style, under our CSP header."""
    from learner.web.security import CSP
    body = '<!doctype html><p style="color:red">x</p><script>alert(1)</script>'
    live_page.route("**/csp-probe", lambda route: route.fulfill(
        status=200, body=body, headers={"Content-Type": "text/html", "Content-Security-Policy": CSP}))
    watch = Watch(live_page)
    live_page.goto("/csp-probe")
    problems = watch.problems("/csp-probe")
    assert any("script-src" in p for p in problems) and any("style-src" in p for p in problems)
    assert not watch.dialogs  # blocked, so never shown
