"""A module downloaded once opens with no network at all, offline or online (DESIGN §5)."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import download_module, signed_in, wait_for_sw_control

MODULE = "conectate"
DOWNLOADED = "Descargado: puedes usarlo sin internet."


def manifest(server):
    return server.app.test_client().get(f"/api/modules/{MODULE}/offline").get_json()


def module_pages(server):
    module = server.app.extensions["catalog"].module(MODULE)
    for lesson in module.lessons:
        yield f"/modules/{MODULE}/lessons/{lesson.slug}", lesson.title
        yield f"/modules/{MODULE}/lessons/{lesson.slug}/quiz", "Cuestionario"


def update_check(request) -> bool:
    """The browser's own update check of the worker script: Chromium makes it some time after a
    navigation, online or not; it is not part of opening a lesson."""
    return request.url.endswith("/service-worker.js")


def record_requests(context):
    seen, failed = [], []
    context.on("request", lambda r: None if update_check(r) else seen.append(r))
    context.on("requestfailed", lambda r: None if update_check(r) else failed.append(r))
    return seen, failed


def test_size_and_cost_are_shown_before_downloading(page, server):
    page.goto(f"/modules/{MODULE}")
    wait_for_sw_control(page)
    size = round(manifest(server)["bytes"] / 1024)
    info = page.locator("#download-info")
    expect(info).to_have_text(f"Tamaño: {size} KB. Costo aproximado con datos: menos de Bs 0,01.")
    expect(page.get_by_role("button", name="Descargar para usar sin internet")).to_be_visible()
    assert page.evaluate(f"caches.has('mo-module-{MODULE}')") is False  # nothing before she taps


def test_downloaded_lessons_open_offline_with_no_request_at_all(page, context, server):
    signed_in(page, server)
    download_module(page, MODULE)
    context.set_offline(True)
    seen, failed = record_requests(context)
    server.requests.clear()
    for path, heading in module_pages(server):
        response = page.goto(path)
        assert response.ok and response.from_service_worker, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("#sync-status")).to_have_text("Sin conexión")
    assert seen and server.requests == []
    assert [r.url for r in seen if r.service_worker or "/api/" in r.url] == []  # not even tried
    # The favicon, fetched apart from the page's load, may be cut off by the next navigation.
    assert [(r.url, r.failure) for r in failed if r.failure != "net::ERR_ABORTED"] == []
    assert all(r.response().from_service_worker for r in seen if r not in failed)


def test_reopening_a_downloaded_lesson_online_costs_nothing(page, context, server):
    signed_in(page, server)
    download_module(page, MODULE)
    seen, failed = record_requests(context)
    server.requests.clear()
    for path, heading in module_pages(server):
        assert page.goto(path).from_service_worker, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("#sync-status")).to_have_text("Todo enviado")
    # Online, and still nothing reached the server. The browser's own update check of the worker
    # script may fire at any time after a navigation (Chromium delays it): it is not the lesson.
    assert [r for r in server.requests if r[1] != "/service-worker.js"] == []
    assert [r.url for r in seen if r.service_worker] == []
    assert all(r.response().from_service_worker for r in seen if r not in failed)


def test_removing_a_module_frees_its_cache(page, context, server):
    download_module(page, MODULE)
    wait_for_sw_control(page)
    assert f"mo-module-{MODULE}" in page.evaluate("caches.keys()")
    page.get_by_role("button", name="Quitar del teléfono").click()
    expect(page.locator("#download-info")).to_have_text("Quitado del teléfono.")
    assert [k for k in page.evaluate("caches.keys()") if k.startswith("mo-module-")] == []
    assert page.evaluate(f"Outbox.getMeta('module:{MODULE}')") is None
    context.set_offline(True)
    page.goto(next(module_pages(server))[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Sin conexión")  # the worker's offline page
    expect(page.locator("#downloaded-list")).to_have_text("Todavía no descargaste ningún módulo.")


def test_new_content_version_offers_an_update_and_downloads_it(page, server, monkeypatch):
    download_module(page, MODULE)
    current = manifest(server)
    cached = server.app.extensions["offline_manifests"][(MODULE, current["version"])]
    monkeypatch.setitem(cached, "version", "nueva-version")  # the content changed on the server
    page.reload()
    expect(page.locator("#download-info")).to_contain_text(
        re.compile(r"^Actualización disponible \(\d+ KB\) Tamaño: \d+ KB\."))
    page.get_by_role("button", name="Descargar la actualización").click()
    expect(page.locator("#download-info")).to_have_text(DOWNLOADED)
    assert page.evaluate(f"Outbox.getMeta('module:{MODULE}')")["version"] == "nueva-version"
