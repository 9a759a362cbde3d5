"""Helpers for browser tests: sign-in, waits, the outbox read straight from IndexedDB."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import PASSWORD

# Read a store of the app's IndexedDB without creating the database where it does not exist.
READ_STORE_JS = """(store) => new Promise((resolve, reject) => {
  const req = indexedDB.open('mujeres-online');
  req.onupgradeneeded = () => req.transaction.abort();
  req.onerror = () => resolve([]);
  req.onsuccess = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains(store)) { db.close(); resolve([]); return; }
    const get = db.transaction(store).objectStore(store).getAll();
    get.onsuccess = () => { db.close(); resolve(get.result); };
    get.onerror = () => { db.close(); reject(get.error); };
  };
})"""


def store(page: Page, name: str = "outbox") -> list[dict]:
    return page.evaluate(READ_STORE_JS, name)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Tu correo electrónico").fill(email)
    page.get_by_label("Tu contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")


def sign_up(page: Page, name: str, email: str, password: str = "mi gato come pan") -> None:
    """Create an account through the sign-up form, consent ticked."""
    page.goto("/signup")
    page.get_by_label("Tu nombre").fill(name)
    page.get_by_label("Tu correo electrónico").fill(email)
    page.get_by_label("Crea una contraseña").fill(password)
    page.get_by_label("Acepto que el programa").check()
    page.get_by_role("button", name="Crear mi cuenta").click()


def wait_for_sw_control(page: Page, timeout: float = 30_000) -> None:
    """Wait until an activated worker controls the page. The first install on a cold machine
    (a new browser profile, CI's first runs) can take longer than a page load; if the page is
    still not controlled halfway, reload it once, as a learner reopening the app would."""
    check = ("() => navigator.serviceWorker.controller !== null"
             " && navigator.serviceWorker.controller.state === 'activated'")
    try:
        page.wait_for_function(check, timeout=timeout / 2)
    except PlaywrightTimeout:
        page.reload()
        page.wait_for_function(check, timeout=timeout / 2)


def wait_until(check, timeout: float = 10.0, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def answer_quiz(page: Page, quiz, right: bool = True) -> None:
    """Answer every question of a catalogue quiz on the open quiz page, right or all wrong."""
    for q in quiz.questions:
        chosen = sorted(q.answer) if right else [next(c.id for c in q.choices if c.id not in q.answer)]
        for choice in chosen:
            page.locator(f'fieldset[data-question="{q.id}"] input[value="{choice}"]').check()
    page.get_by_role("button", name="Enviar respuestas").click()


def expect_status(page: Page, text: str) -> None:
    expect(page.locator("#sync-status")).to_contain_text(text)


def signed_in(page: Page, server, name: str = "Rosa Mamani") -> dict:
    """A new learner signed in on this phone, known to its script, the page under the worker."""
    learner = server.make_learner(name)
    sign_in(page, learner["email"])
    expect(page.locator("#who")).to_have_text(learner["name"])  # /api/me answered and kept
    wait_for_sw_control(page)
    return learner


def download_module(page: Page, slug: str = "conectate") -> None:
    page.goto(f"/modules/{slug}")
    page.get_by_role("button", name="Descargar para usar sin internet").click()
    expect(page.locator("#download-info")).to_have_text("Descargado: puedes usarlo sin internet.")


def pump_until(page: Page, check, timeout: float = 10.0, what: str = "condition"):
    """wait_until for state fed by Playwright's own events (route handlers, console, CDP):
    those run only while Playwright waits, so wait with page.wait_for_timeout, not sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        page.wait_for_timeout(20)
