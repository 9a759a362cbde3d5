"""DESIGN §5 byte budgets, measured in Chromium at 360x740 as compressed bytes on the wire
(CDP Network.loadingFinished encodedDataLength, which includes response headers)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import answer_quiz, sign_in, wait_for_sw_control, wait_until

KB = 1000  # budgets are in kB as a phone plan counts them


class Meter:
    """Bytes a page receives, per URL, from a CDP session on the page."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        self.cdp.send("Network.enable")
        self.cdp.on("Network.requestWillBeSent", self._request)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event):
        request = event["request"]
        self.urls[event["requestId"]] = request["url"]
        headers = sum(len(k) + len(v) + 4 for k, v in request["headers"].items())
        self.sent[event["requestId"]] = len(request["url"]) + headers + len(request.get("postData", ""))

    def _finished(self, event):
        self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def total(self) -> int:
        self.page.wait_for_timeout(200)  # let Playwright dispatch the last CDP events
        return sum(self.bytes.values())

    def reset(self):
        self.page.wait_for_timeout(200)
        self.bytes.clear()
        self.urls.clear()
        self.sent.clear()


def test_cold_first_visit_to_a_lesson_is_under_50_kb(page, server):
    meter = Meter(page)
    page.goto("/modules/conectate/lessons/tu-celular")
    page.wait_for_load_state("networkidle")
    assert 0 < meter.total() <= 50 * KB, meter.total()


def test_app_shell_precache_is_under_60_kb(page, server):
    page.goto("/offline")
    wait_for_sw_control(page)
    shell = page.evaluate("""async () => {
      const names = (await caches.keys()).filter((k) => k.startsWith('mo-shell-'));
      const cache = await caches.open(names[0]);
      return (await cache.keys()).map((r) => r.url);
    }""")
    assert any("outbox.js" in u for u in shell) and any("app.css" in u for u in shell)
    meter = Meter(page)
    page.evaluate("(urls) => Promise.all(urls.map((u) => fetch(u, {cache: 'no-store', headers: {'x-measure': '1'}})"
                  ".then((r) => r.arrayBuffer())))", shell)
    total = meter.total()
    assert 0 < total <= 60 * KB, total


def test_one_module_download_is_under_250_kb_and_reopening_costs_nothing(page, server):
    page.goto("/modules/conectate")
    wait_for_sw_control(page)
    button = page.get_by_role("button", name="Descargar para usar sin internet")
    meter = Meter(page)
    button.click()
    page.wait_for_selector("#download[data-state=done]")
    total = meter.total()
    assert 10 * KB < total <= 250 * KB, total
    server.requests.clear()
    page.goto("/modules/conectate/lessons/datos-y-wifi")
    page.wait_for_load_state("networkidle")
    page.goto("/modules/conectate/lessons/tu-celular/quiz")
    page.wait_for_load_state("networkidle")
    page_requests = [r for r in server.requests if not r[1].startswith("/api/me")]
    assert page_requests == []


@pytest.mark.parametrize("quiz_id", ["conectate/tu-celular"])
def test_one_synced_result_costs_under_2_kb(page, server, quiz_id):
    # Without Background Sync the page itself sends the result, where this session can see it.
    page.context.add_init_script("delete ServiceWorkerRegistration.prototype.sync")
    learner = server.make_learner()
    sign_in(page, learner["email"])
    page.goto(f"/modules/{quiz_id.replace('/', '/lessons/')}/quiz")
    wait_for_sw_control(page)
    meter = Meter(page)
    answer_quiz(page, server.app.extensions["catalog"].quiz(quiz_id))
    wait_until(server.attempts, what="the stored attempt")
    page.wait_for_selector("#quiz-result >> text=Tu recibo")
    meter.page.wait_for_timeout(200)
    sync_ids = [rid for rid, url in meter.urls.items() if url.endswith("/api/sync")]
    if not sync_ids:
        pytest.fail("the result was not sent by the page (the worker sent it): measure there")
    cost = sum(meter.sent[r] + meter.bytes.get(r, 0) for r in sync_ids)
    assert cost <= 2 * KB, cost
