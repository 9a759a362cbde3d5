"""The app as an installed thing: it installs, survives a browser restart, and updates itself
only when she taps "Actualizar", never losing or resending what waits in the outbox."""

import pytest
from playwright.sync_api import expect

import learner.views.pwa as pwa
from tests.conftest import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.browser.helpers import (answer_quiz, expect_status, pump_until, signed_in, store,
                                   wait_for_sw_control, wait_until)

QUIZ = "conectate/tu-celular"
QUIZ_URL = "/modules/conectate/lessons/tu-celular/quiz"
NO_BACKGROUND_SYNC = "delete ServiceWorkerRegistration.prototype.sync"
REGISTRATION = "navigator.serviceWorker.getRegistration()"


def queue_while_server_down(page, server):
    """Answer on the quiz page while the server's API is out of reach: the item waits."""
    page.goto(QUIZ_URL)
    server.outage = True
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    expect(page.locator("#quiz-result")).to_contain_text("Guardado en el teléfono")
    expect_status(page, "1 resultado por enviar")
    [item] = store(page)
    return item


@pytest.fixture
def deploy(monkeypatch):
    """Put a new version of the worker on the server (what a deploy does), for this test only."""
    original = pwa.worker_source

    def new_version(mark="2"):
        monkeypatch.setattr(pwa, "worker_source", lambda: original() + f"\n// deploy {mark}\n")
    return new_version


def shell_caches(page):
    return sorted(k for k in page.evaluate("caches.keys()") if k.startswith("mo-shell-"))


def offered_update(page):
    """The browser checks for a new worker (as it does by itself from time to time)."""
    page.evaluate(f"{REGISTRATION}.then((r) => r.update())")
    expect(page.locator("#update-banner")).to_be_visible()
    expect(page.locator("#update-banner")).to_contain_text("Hay una nueva versión")
    assert page.evaluate(f"{REGISTRATION}.then((r) => Boolean(r.waiting))")


@pytest.fixture
def launch(browser_type, tmp_path, base_url):
    """A browser on a profile directory, as on a phone (not incognito); closed after the test."""
    opened = []

    def start():
        context = browser_type.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS,
            base_url=base_url, viewport={"width": 360, "height": 740}, locale="es-BO")
        context.set_default_timeout(10_000)
        opened.append(context)
        return context, context.pages[0] if context.pages else context.new_page()
    yield start
    for context in opened:
        context.close()


def test_manifest_makes_the_app_installable(launch, server):
    context, page = launch()  # an incognito context is never installable
    page.goto("/")
    wait_for_sw_control(page)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")


def test_items_survive_a_browser_restart_and_go_once(launch, server):
    context, page = launch()
    rosa = signed_in(page, server)
    item = queue_while_server_down(page, server)
    context.close()  # the whole browser goes: a persistent context owns its process

    context, page = launch()  # the server is still out of reach
    page.goto("/outbox")
    expect(page.locator("#pending-list")).to_contain_text(item["title"])
    assert store(page) == [item] and server.attempts() == []
    server.outage = False
    page.get_by_role("button", name="Enviar ahora").click()
    expect_status(page, "Todo enviado")
    assert [r[:2] for r in server.attempts()] == [(item["id"], rosa["id"])]


def test_new_version_is_offered_applied_only_when_tapped_and_items_go_once(page, server, deploy):
    rosa = signed_in(page, server)
    item = queue_while_server_down(page, server)
    [old_shell] = shell_caches(page)
    deploy()
    offered_update(page)
    page.reload()  # not tapped: still the old version, still offered
    expect(page.locator("#update-banner")).to_be_visible()
    assert page.evaluate(f"{REGISTRATION}.then((r) => Boolean(r.waiting))")
    assert old_shell in shell_caches(page) and store(page) == [item]

    with page.expect_navigation():  # the page reloads under the new worker
        page.get_by_role("button", name="Actualizar").click()
    wait_for_sw_control(page)
    expect(page.locator("#update-banner")).to_be_hidden()
    [new_shell] = shell_caches(page)
    assert new_shell != old_shell and store(page) == [item]  # the outbox came through the update

    server.outage = False
    page.goto("/outbox")
    expect_status(page, "Todo enviado")
    assert [r[:2] for r in server.attempts()] == [(item["id"], rosa["id"])]


def test_update_waits_for_a_running_flush_to_end(page, server, deploy):
    signed_in(page, server)
    deploy()
    offered_update(page)
    # A flush is running (the page holds the lock as a flush would).
    page.evaluate("""() => { navigator.locks.request('outbox-flush',
        () => new Promise((release) => { window.endFlush = release; })); }""")
    page.get_by_role("button", name="Actualizar").click()
    page.wait_for_function("""() => navigator.locks.query().then((s) =>
        s.pending.some((l) => l.name === 'outbox-flush'))""")  # the worker queues behind it
    assert page.evaluate(f"{REGISTRATION}.then((r) => Boolean(r.waiting))")  # not yet
    with page.expect_navigation():
        page.evaluate("window.endFlush()")
    wait_for_sw_control(page)
    assert page.evaluate(f"{REGISTRATION}.then((r) => r.waiting === null)")


def test_the_new_worker_sends_what_waits_when_it_activates(page, context, server, deploy):
    context.add_init_script(NO_BACKGROUND_SYNC)
    rosa = signed_in(page, server)
    item = queue_while_server_down(page, server)
    page.route("**/api/sync", lambda route: route.abort())  # this page cannot send: only the worker
    server.outage = False
    deploy()
    offered_update(page)
    page.close()  # no page left: the waiting worker takes over by itself and flushes
    [row] = wait_until(server.attempts, what="delivery by the worker's activate flush")
    assert row[:2] == (item["id"], rosa["id"]) and server.vias[-1] == "activate"
    page = context.new_page()
    page.goto("/outbox")
    expect_status(page, "Todo enviado")
    assert server.attempts() == [row]


def test_a_hanging_send_does_not_hold_back_the_new_version(page, context, server, deploy):
    context.add_init_script(NO_BACKGROUND_SYNC)
    signed_in(page, server)
    item = queue_while_server_down(page, server)
    server.outage = False
    page.route("**/api/sync", lambda route: route.abort())  # this page's sends fail at once
    hanging = []
    context.route("**/api/sync", lambda route: hanging.append(route))  # the worker's hang (lie-fi)
    deploy()
    offered_update(page)
    blank = context.new_page()  # about:blank: no client of the app, so the update goes ahead
    page.close()
    pump_until(blank, lambda: hanging, what="the activate flush, hanging")
    blank.goto("/outbox")  # the new worker answers at once: activation did not wait for the send
    wait_for_sw_control(blank)
    assert blank.evaluate(f"{REGISTRATION}.then((r) => r.waiting === null)")
    assert store(blank) == [item] and server.attempts() == []
