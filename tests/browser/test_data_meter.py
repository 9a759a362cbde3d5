"""The data meter in Chromium: what this phone downloaded this month and what downloaded modules
saved, in MB and bolivianos at the configured price; a new month starts from zero; the
database upgrade that added the meter keeps the outbox."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import learner.views.pwa as pwa

from tests.browser.helpers import download_module, pump_until, store, wait_for_sw_control
from tests.browser.test_budgets import Meter

LESSON = "/modules/conectate/lessons/tu-celular"
DOWNLOADED_LESSON = "/modules/conectate/lessons/datos-y-wifi"
READ = "() => self.Outbox.meter.read()"


def sent_bytes(server, path: str, encoding: str = "br") -> int:
    """The size of a page's body as the server sends it to Chromium."""
    with server.app.test_client() as client:
        return len(client.get(path, headers={"Accept-Encoding": encoding}).get_data())


def meter(page) -> dict:
    return page.evaluate(READ)


def settled(page) -> dict:
    """The meter once nothing more arrives (the worker counts as the responses finish)."""
    last = {"value": None}

    def still():
        now = meter(page)
        same = now == last["value"]
        last["value"] = now
        return now if same else None

    page.wait_for_timeout(300)
    return pump_until(page, lambda: still() and (page.wait_for_timeout(500) or still()),
                      what="a quiet meter")


def bs_shown(page, label: str) -> str | None:
    """The Bs figure of a line of the page, once the script has filled it in."""
    # The money is formatted by the browser (Intl): "Bs", a no-break space, "1.234,56".
    found = re.search(rf"{label}: .+ · Bs\s([\d.,]+)", page.locator("#meter").inner_text())
    return found and found.group(1)


def bs(bytes_: int, price: float) -> str:
    return f"{bytes_ / 1024 ** 3 * price:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@pytest.fixture
def price(server):
    before = server.app.config["PRICE_PER_GB"]
    yield server.app.config
    server.app.config["PRICE_PER_GB"] = before


def test_the_meter_counts_what_the_phone_fetches_at_the_configured_price(page, server, price):
    price["PRICE_PER_GB"] = 1_000_000  # big enough for centavos to show on a few kilobytes
    page.goto("/datos")
    wait_for_sw_control(page)
    before = settled(page)["downloaded"]
    page.goto(LESSON)
    page.wait_for_selector("img.illustration:not([hidden])")
    fetched = sent_bytes(server, LESSON) + sent_bytes(server, "/content/conectate/img/celular.svg")
    after = settled(page)["downloaded"]
    # The lesson and its picture, compressed, with their headers and the page's /api/me: no more.
    assert fetched < after - before < fetched + 3000, (before, after, fetched)

    page.goto("/datos")
    now = settled(page)["downloaded"]
    expect(page.locator("#meter-month")).to_contain_text("Este mes: ")
    pump_until(page, lambda: bs_shown(page, "Este mes") == bs(meter(page)["downloaded"], 1_000_000),
               what="the cost at Bs 1.000.000 per GB")
    assert bs_shown(page, "Este mes") != "0,00"

    price["PRICE_PER_GB"] = 2_000_000
    page.reload()  # the page is fetched again (not the copy on the phone): it carries the new price
    expect(page.locator("#meter")).to_contain_text("Bs 2.000.000,00 por GB")
    pump_until(page, lambda: bs_shown(page, "Este mes") == bs(meter(page)["downloaded"], 2_000_000),
               what="the cost at the new price")
    def number(text: str) -> float:
        return float(text.replace(".", "").replace(",", "."))
    assert number(bs_shown(page, "Este mes")) >= 2 * number(bs(now, 1_000_000))


def test_the_page_counts_its_own_calls_to_the_api_which_the_worker_never_sees(page, server):
    page.goto("/datos")
    wait_for_sw_control(page)
    before = settled(page)["downloaded"]
    page.evaluate("() => fetch('/api/modules/conectate/offline').then((r) => r.text())")
    body = sent_bytes(server, "/api/modules/conectate/offline")
    increase = settled(page)["downloaded"] - before
    assert body < increase < body + 1000, (increase, body)


def test_what_passes_no_worker_is_counted_by_the_page(browser, base_url, server):
    context = browser.new_context(base_url=base_url, service_workers="block",
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    wire = Meter(page)  # Chromium's own count of the page's network bytes
    page.goto(LESSON)
    page.wait_for_load_state("networkidle")
    total = wire.total()
    counted = settled(page)["downloaded"]
    context.close()
    assert 0.8 * total < counted < 1.2 * total, (counted, total)


def test_a_downloaded_lesson_adds_to_saved_and_costs_nothing(page, server):
    page.goto("/datos")
    wait_for_sw_control(page)
    download_module(page)
    before = settled(page)
    page.goto(DOWNLOADED_LESSON)
    page.wait_for_selector("img.illustration:not([hidden])")
    after = settled(page)
    lesson_br = sent_bytes(server, DOWNLOADED_LESSON)
    plain = sent_bytes(server, DOWNLOADED_LESSON, "identity") + sent_bytes(
        server, "/content/conectate/img/wifi.svg", "identity")
    assert lesson_br <= after["saved"] - before["saved"] <= plain, (before, after, lesson_br, plain)
    assert after["downloaded"] - before["downloaded"] < 1000  # her /api/me, nothing of the lesson

    page.goto("/datos")
    cost = r"(Bs\s\d+,\d\d|menos de Bs\s0,01)"
    expect(page.locator("#meter-saved")).to_contain_text(re.compile(rf"^Ahorraste: \d+ KB · {cost}$"))
    expect(page.locator("#meter-month")).to_contain_text(re.compile(rf"^Este mes: \d+ KB · {cost}$"))


SEED = """async () => {
  const key = (back) => { const d = new Date(); d.setDate(1); d.setMonth(d.getMonth() - back);
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0'); };
  const db = await new Promise((resolve) => { const r = indexedDB.open('mujeres-online'); r.onsuccess = () => resolve(r.result); });
  await new Promise((resolve) => {
    const t = db.transaction('meter', 'readwrite');
    const s = t.objectStore('meter');
    s.clear();
    s.put({downloaded: 5 * 1024 * 1024, saved: 1024 * 1024}, key(1));
    s.put({downloaded: 9, saved: 9}, key(3));
    t.oncomplete = resolve;
  });
  db.close();
}"""


def test_a_new_month_starts_from_zero_and_the_last_one_is_kept(page, server):
    page.goto("/datos")
    wait_for_sw_control(page)
    settled(page)
    page.evaluate(SEED)  # this month holds nothing yet: last month 5 MB, an older one
    page.evaluate("() => self.Outbox.meter.add({downloaded: 1000})")
    read = meter(page)
    assert (read["downloaded"], read["saved"]) == (1000, 0)
    assert read["last"] == {"downloaded": 5 * 1024 * 1024, "saved": 1024 * 1024}
    assert len(store(page, "meter")) == 2  # the older month is gone
    page.context.set_offline(True)  # the page is kept on the phone: it opens with no network
    page.reload()
    expect(page.locator("#meter-last")).to_have_text("El mes pasado: 5 MB · Bs 0,24")
    expect(page.locator("#meter-month")).to_have_text("Este mes: 1 KB · menos de Bs 0,01")
    page.context.set_offline(False)


OLD_DATABASE = """async () => {
  const r = indexedDB.open('mujeres-online', 1);
  r.onupgradeneeded = () => {
    for (const name of ['outbox', 'failed', 'sent']) r.result.createObjectStore(name, {keyPath: 'id'});
    r.result.createObjectStore('meta');
  };
  const db = await new Promise((resolve) => { r.onsuccess = () => resolve(r.result); });
  await new Promise((resolve) => {
    const t = db.transaction(['outbox', 'meta'], 'readwrite');
    t.objectStore('outbox').put({id: 'not-yet-sent', type: 'quiz_attempt', needs_login: true});
    t.objectStore('meta').put('device-1', 'device');
    t.oncomplete = resolve;
  });
  db.close();
}"""


def test_the_upgrade_that_adds_the_meter_keeps_what_waits_in_the_outbox(page, server):
    page.goto("/static/icons/icon.svg")  # same origin, no app script: the database as version 1 left it
    page.evaluate(OLD_DATABASE)
    page.goto("/datos")
    expect(page.locator("#meter-month")).to_contain_text("Este mes:")
    assert [i["id"] for i in store(page, "outbox")] == ["not-yet-sent"]
    assert page.evaluate("() => self.Outbox.getMeta('device')") == "device-1"
    assert page.evaluate("() => self.Outbox.meter.read().then((m) => m.month.length)") == 7


def test_a_new_version_waiting_to_take_over_leaves_the_meter_alone(page, server, monkeypatch):
    # It must not open the database (a newer version of it may lock the old pages out of their
    # outbox): its count waits until she taps "Actualizar".
    page.goto("/datos")
    wait_for_sw_control(page)
    before = settled(page)
    original = pwa.worker_source
    monkeypatch.setattr(pwa, "worker_source", lambda: original() + "\n// deploy 2\n")
    server.requests.clear()
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(page.locator("#update-banner")).to_be_visible()
    assert ("GET", "/profiles") in server.requests  # the new version fetched its precache...
    assert settled(page) == before  # ...and counted nothing yet
    with page.expect_navigation():  # the page reloads under the new version
        page.get_by_role("button", name="Actualizar").click()
    pump_until(page, lambda: meter(page)["downloaded"] > before["downloaded"], what="the count")
