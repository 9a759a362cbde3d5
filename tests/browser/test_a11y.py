"""axe-core (from npm, injected locally: no CDN) finds no serious or critical problems."""

from pathlib import Path

import pytest

from tests.browser.helpers import answer_quiz, sign_in

AXE = Path(__file__).parents[2] / "node_modules/axe-core/axe.min.js"


@pytest.fixture
def axe_page(browser, base_url):
    # The app's CSP forbids injected scripts, as it should; axe needs one, so bypass it here only.
    context = browser.new_context(base_url=base_url, bypass_csp=True, viewport={"width": 360, "height": 740})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def serious_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", ["/", "/modules/conectate", "/modules/conectate/lessons/tu-celular",
                                  "/modules/conectate/lessons/tu-celular/quiz", "/login", "/signup", "/outbox",
                                  "/datos"])
def test_no_serious_axe_violations(axe_page, server, path):
    axe_page.goto(path)
    assert serious_violations(axe_page) == []


def test_no_serious_axe_violations_on_the_result_page(axe_page, server):
    learner = server.make_learner()
    sign_in(axe_page, learner["email"])
    axe_page.goto("/modules/conectate/lessons/tu-celular/quiz")
    answer_quiz(axe_page, server.app.extensions["catalog"].quiz("conectate/tu-celular"))
    axe_page.wait_for_selector("#quiz-result:not([hidden])")
    assert serious_violations(axe_page) == []
