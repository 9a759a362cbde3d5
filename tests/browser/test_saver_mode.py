""""Modo ahorro" in Chromium: a labelled switch kept on the phone; while it is on, lessons and
module downloads fetch no illustration and "Escuchar la lección" is off."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import wait_for_sw_control
from tests.browser.test_read_aloud import FAKE_ENGINE, SPANISH

LESSON = "/modules/conectate/lessons/tu-celular"


def pictures(server) -> list[str]:
    return [path for _method, path in server.requests if "/img/" in path]


def set_saver(page, on: bool):
    page.goto("/datos")
    switch = page.get_by_role("switch", name="Modo ahorro")
    switch.set_checked(on)
    page.wait_for_function("(on) => self.Outbox.getMeta('saver').then((v) => Boolean(v) === on)", arg=on)


def test_the_switch_is_labelled_big_enough_and_kept_on_the_phone(page, server):
    page.goto("/datos")
    label = page.locator("label.switch")
    assert label.bounding_box()["height"] >= 48
    set_saver(page, True)
    page.reload()
    expect(page.get_by_role("switch", name="Modo ahorro")).to_be_checked()


def test_with_saver_on_a_lesson_fetches_no_picture_and_read_aloud_is_off(page, server):
    page.context.add_init_script(FAKE_ENGINE % SPANISH)  # a phone with a Spanish voice
    page.goto("/datos")
    wait_for_sw_control(page)
    set_saver(page, True)
    server.requests.clear()
    page.goto(LESSON)
    expect(page.locator("#read-aloud-note")).to_have_text("Modo ahorro: “Escuchar la lección” está apagado.")
    page.wait_for_load_state("networkidle")
    assert pictures(server) == []
    expect(page.locator("img.illustration")).to_be_hidden()
    expect(page.get_by_role("button", name="Escuchar la lección")).to_be_hidden()

    set_saver(page, False)
    page.goto(LESSON)
    expect(page.locator("img.illustration")).to_be_visible()
    expect(page.get_by_role("button", name="Escuchar la lección")).to_be_visible()
    assert pictures(server) == ["/content/conectate/img/celular.svg"]


def test_with_saver_on_a_module_downloads_without_its_pictures(page, server):
    page.goto("/datos")
    wait_for_sw_control(page)
    set_saver(page, True)
    manifest = server.app.test_client().get("/api/modules/conectate/offline").get_json()
    server.requests.clear()
    page.goto("/modules/conectate")
    expect(page.locator("#download-info")).to_contain_text("Sin dibujos: tienes el modo ahorro.")
    page.get_by_role("button", name="Descargar para usar sin internet").click()
    expect(page.locator("#download-info")).to_have_text("Descargado: puedes usarlo sin internet.")
    assert pictures(server) == []
    fetched = {path for method, path in server.requests if method == "GET"}
    assert set(manifest["urls"]) - set(manifest["optional"]) <= fetched
    cached = page.evaluate("""async () => (await (await caches.open('mo-module-conectate')).keys())
      .map((r) => new URL(r.url).pathname)""")
    assert len(cached) == len(manifest["urls"]) - len(manifest["optional"])
    assert not any("/img/" in url for url in cached)
