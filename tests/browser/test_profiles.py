"""One phone, a whole family: profiles chosen with a PIN, switched offline, each result
credited to whoever answered it, nobody seeing another's items; what the phone stores opens
nothing without her PIN, and a failed server switch never hands her answers to someone else."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from playwright.sync_api import expect

from learner.accounts import devices
from learner.models import DeviceProfile
from tests.browser.conftest import PASSWORD
from tests.browser.helpers import (answer_quiz, download_module, pump_until, sign_in, signed_in,
                                   store, wait_until)

QUIZ = "conectate/tu-celular"
QUIZ_URL = "/modules/conectate/lessons/tu-celular/quiz"


PROFILES_JS = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open('mujeres-online');
  req.onsuccess = () => {
    const get = req.result.transaction('meta').objectStore('meta').get('profiles');
    get.onsuccess = () => { req.result.close(); resolve(get.result || {}); };
    get.onerror = () => reject(get.error);
  };
})"""
SET_CHECK_JS = """([id, check]) => new Promise((resolve) => {
  const req = indexedDB.open('mujeres-online');
  req.onsuccess = () => {
    const store = req.result.transaction('meta', 'readwrite').objectStore('meta');
    store.get('profiles').onsuccess = (e) => {
      const all = e.target.result;
      all[id].check = check;
      store.put(all, 'profiles').onsuccess = () => { req.result.close(); resolve(); };
    };
  };
})"""


def stored_profile(page, learner) -> dict:
    return page.evaluate(PROFILES_JS)[str(learner["id"])]


def pin_check(profile: dict, pin: str) -> int:
    """The 8 bits the phone keeps for its offline check (as static/js/profile-store.js makes them)."""
    stretched = hashlib.pbkdf2_hmac("sha256", pin.encode(), base64.b64decode(profile["salt"]),
                                    profile["iterations"], 32)
    return HKDF(algorithm=hashes.SHA256(), length=1, salt=None, info=b"mo-pin-check").derive(stretched)[0]


def pins_the_phone_refuses(profile: dict, count: int) -> list[str]:
    """Wrong PINs the offline check refuses (it lets 1 wrong PIN in 256 through, on purpose)."""
    found = []
    for n in range(9999, 0, -1):
        pin = f"{n:04d}"
        if pin_check(profile, pin) != profile["check"]:
            found.append(pin)
        if len(found) == count:
            return found
    raise AssertionError("no refused PINs")


def create_pin(page, pin):
    page.goto("/profiles")
    expect(page.locator("#pin-label")).to_have_text("Crea un PIN de 4 números para entrar en este teléfono")
    page.locator("#pin").fill(pin)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")


def sign_out(page):
    page.goto("/account")
    page.get_by_role("button", name="Salir").click()
    expect(page.locator("#who")).to_have_text("Entrar")


def two_profiles(page, server):
    ana = signed_in(page, server, "Ana Quispe")
    create_pin(page, "1111")
    download_module(page)
    sign_out(page)
    bea = server.make_learner("Bea Condori")
    sign_in(page, bea["email"])
    expect(page.locator("#who")).to_have_text("Bea Condori")
    create_pin(page, "2222")
    return ana, bea


def choose(page, name, pin):
    page.goto("/profiles")
    page.get_by_role("button", name=name).click()
    page.locator("#pin").fill(pin)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
    expect(page.locator("#who")).to_have_text(name)


def answer(page, server):
    page.goto(QUIZ_URL)
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    expect(page.locator("#quiz-result")).to_contain_text("Guardado en el teléfono")


def test_two_profiles_alternate_offline_and_each_is_credited(page, context, server):
    ana, bea = two_profiles(page, server)
    context.set_offline(True)
    choose(page, "Ana Quispe", "1111")
    answer(page, server)
    choose(page, "Bea Condori", "2222")
    answer(page, server)
    page.goto("/outbox")
    expect(page.locator("#pending-list li")).to_have_count(1)  # only Bea's
    choose(page, "Ana Quispe", "1111")
    answer(page, server)
    page.goto("/outbox")
    expect(page.locator("#pending-list li")).to_have_count(2)  # only Ana's two
    owners = sorted(i["learner"] for i in store(page))
    assert owners == sorted([ana["id"], ana["id"], bea["id"]])
    context.set_offline(False)
    page.get_by_role("button", name="Enviar ahora").click()
    rows = wait_until(lambda: len(server.attempts()) == 3 and server.attempts(), what="three attempts")
    credited = sorted(r[1] for r in rows)
    assert credited == sorted([ana["id"], ana["id"], bea["id"]])
    # Online again, the server session follows the chosen profile (the page's 'online' handler
    # switches it; the results above may be sent before it is done, so wait, do not race it).
    me = "fetch('/api/me').then((r) => r.json()).then((m) => m.user && m.user.name)"
    pump_until(page, lambda: page.evaluate(me) == "Ana Quispe", what="the session to follow Ana's profile")


def test_online_switch_without_password(page, server):
    ana, _bea = two_profiles(page, server)
    choose(page, "Ana Quispe", "1111")
    me = page.evaluate("fetch('/api/me').then((r) => r.json())")
    assert me["user"]["id"] == ana["id"]


def test_wrong_pins_lock_the_profile_until_an_online_sign_in(page, context, server):
    ana, _bea = two_profiles(page, server)
    context.set_offline(True)
    page.goto("/profiles")
    wrong = pins_the_phone_refuses(stored_profile(page, ana), 5)
    page.get_by_role("button", name="Ana Quispe").click()
    for left, pin in zip((4, 3, 2, 1), wrong):
        page.locator("#pin").fill(pin)
        page.get_by_role("button", name="Entrar").click()
        expect(page.locator("#pin-error")).to_have_text(f"PIN incorrecto. Te quedan {left} intentos.")
    page.locator("#pin").fill(wrong[4])
    page.get_by_role("button", name="Entrar").click()
    expect(page.locator("#pin-error")).to_contain_text("Este perfil se bloqueó")
    expect(page.get_by_role("button", name="Ana Quispe")).to_be_disabled()
    context.set_offline(False)
    sign_in(page, ana["email"])
    expect(page.locator("#who")).to_have_text("Ana Quispe")
    page.goto("/profiles")
    expect(page.get_by_role("button", name="Ana Quispe")).to_be_enabled()


def test_removing_a_profile_keeps_its_waiting_results_until_sent(page, context, server):
    ana, _bea = two_profiles(page, server)
    server.fail_sync = True
    choose(page, "Ana Quispe", "1111")
    answer(page, server)
    page.goto("/profiles")
    page.get_by_role("button", name="Ana Quispe").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Quitar este perfil del teléfono").click()
    expect(page.locator("#pin-error")).to_contain_text("tiene resultados por enviar")
    expect(page.get_by_role("button", name="Ana Quispe")).to_have_count(0)
    assert [i["learner"] for i in store(page)] == [ana["id"]]
    server.fail_sync = False
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    rows = wait_until(server.attempts, what="Ana's attempt")
    assert [r[1] for r in rows] == [ana["id"]]


def test_a_revoked_phone_cannot_switch_without_the_password(page, server):
    ana, bea = two_profiles(page, server)
    revoke_phone_of(server, ana)
    page.goto("/profiles")
    page.get_by_role("button", name="Ana Quispe").click()
    page.locator("#pin").fill("1111")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
    me = page.evaluate("fetch('/api/me').then((r) => r.json())")
    assert me["user"]["id"] == bea["id"]  # the server session did not move to Ana


def revoke_phone_of(server, learner):
    def revoke_all(session):
        for profile in session.query(DeviceProfile).filter_by(user_id=learner["id"]):
            devices.revoke(learner["id"], profile.id)
        session.commit()

    server.query(revoke_all)


def server_user(page):
    return page.evaluate("fetch('/api/me').then((r) => r.json()).then((m) => m.user && m.user.id)")


def test_what_the_phone_stores_switches_nobody_without_her_pin(page, server):
    """Someone with the browser's developer tools reads the profiles: neither her secret is there
    in clear, nor does anything stored move the server session to her without her PIN."""
    ana, bea = two_profiles(page, server)
    secret_hash = server.query(lambda s: s.query(DeviceProfile).filter_by(user_id=ana["id"]).one().secret_hash)
    profile = stored_profile(page, ana)
    candidates = [v for v in profile.values() if isinstance(v, str)]
    for value in list(candidates):
        try:
            candidates.append(base64.b64decode(value, validate=True).hex())
        except ValueError:
            pass
    assert all(hashlib.sha256(c.encode()).hexdigest() != secret_hash for c in candidates)
    device = page.evaluate("self.Outbox.deviceId()")
    token = page.evaluate("fetch('/api/csrf').then((r) => r.json()).then((b) => b.csrf_token)")
    for secret in candidates:
        status = page.evaluate("""([body, token]) => fetch('/api/profiles/switch', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
            body: JSON.stringify(body)}).then((r) => r.status)""",
            [{"device": device, "user_id": ana["id"], "secret": secret}, token])
        assert status == 403
    assert server_user(page) == bea["id"]


def test_a_pin_the_phone_lets_through_is_still_checked_by_the_server(page, server):
    """The offline check keeps 8 bits of the PIN's hash, so a wrong PIN passes it now and then;
    the server then refuses the switch, counts the try, and the phone says the PIN is wrong."""
    ana, bea = two_profiles(page, server)
    page.goto("/profiles")
    profile = stored_profile(page, ana)
    wrong = pins_the_phone_refuses(profile, 1)[0]
    page.evaluate(SET_CHECK_JS, [ana["id"], pin_check(profile, wrong)])  # as if it were that 1 in 256
    page.get_by_role("button", name="Ana Quispe").click()
    page.locator("#pin").fill(wrong)
    page.get_by_role("button", name="Entrar").click()
    expect(page.locator("#pin-error")).to_have_text("PIN incorrecto. Te quedan 4 intentos.")
    assert server_user(page) == bea["id"]
    failures = server.query(lambda s: s.query(DeviceProfile).filter_by(user_id=ana["id"]).one().failures)
    assert failures == 1
    page.evaluate(SET_CHECK_JS, [ana["id"], profile["check"]])
    page.locator("#pin").fill("1111")  # her own PIN: the switch goes through and clears the count
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
    expect(page.locator("#who")).to_have_text("Ana Quispe")
    assert server_user(page) == ana["id"]


def test_a_refused_phone_asks_for_her_password_then_a_new_pin(page, server):
    ana, _bea = two_profiles(page, server)
    revoke_phone_of(server, ana)
    choose(page, "Ana Quispe", "1111")
    banner = page.locator("#switch-banner")
    expect(banner).to_contain_text("No pudimos cambiar de persona en el servidor.")
    banner.get_by_role("link", name="Entrar").click()
    page.get_by_label("Tu correo electrónico").fill(ana["email"])
    page.get_by_label("Tu contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/profiles")
    expect(page.locator("#pin-label")).to_have_text("Crea un PIN de 4 números para entrar en este teléfono")
    page.locator("#pin").fill("3333")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
    sign_out(page)
    choose(page, "Ana Quispe", "3333")
    expect(banner).to_be_hidden()
    assert server_user(page) == ana["id"]


@pytest.mark.parametrize("failure", ["429", "abort", "500", "revoked"])
def test_a_failed_switch_on_reconnect_keeps_her_answers_hers(page, context, server, failure):
    """Chosen offline with her PIN; back online /api/me answers (the session is still Bea's) but
    the switch fails: Ana stays the phone's learner and her answer is credited to her."""
    ana, bea = two_profiles(page, server)  # the server session is Bea's
    context.set_offline(True)
    choose(page, "Ana Quispe", "1111")
    if failure == "revoked":
        revoke_phone_of(server, ana)
    elif failure == "abort":
        page.route("**/api/profiles/switch", lambda route: route.abort())
    else:
        page.route("**/api/profiles/switch", lambda route: route.fulfill(
            status=int(failure), content_type="application/json", body='{"error": "busy"}'))
    context.set_offline(False)
    banner = page.locator("#switch-banner")  # shown once the page's 'online' handler has tried
    expect(banner).to_contain_text("No pudimos cambiar de persona en el servidor.")
    expect(page.locator("#who")).to_have_text("Ana Quispe")
    page.goto(QUIZ_URL)  # a new page: the switch is tried again, and fails again
    expect(page.locator("#who")).to_have_text("Ana Quispe")
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    rows = pump_until(page, server.attempts, what="the attempt")
    assert [r[1] for r in rows] == [ana["id"]]
    assert server_user(page) == bea["id"]
    if failure == "revoked":
        expect(page.locator("#switch-login")).to_be_visible()  # only her password helps now
        return
    expect(page.locator("#switch-later")).to_be_visible()
    page.unroute("**/api/profiles/switch")
    page.get_by_role("button", name="Intentar ahora").click()
    expect(banner).to_be_hidden()
    assert server_user(page) == ana["id"]


LEGACY_JS = """([id, salt, hash]) => new Promise((resolve) => {
  const req = indexedDB.open('mujeres-online');
  req.onsuccess = () => {
    const store = req.result.transaction('meta', 'readwrite').objectStore('meta');
    store.get('profiles').onsuccess = (e) => {
      const all = e.target.result;
      const { check, wrapped, counter, ...rest } = all[id];
      all[id] = { ...rest, salt, hash, iterations: 150000, credential: 'en-claro' };
      store.put(all, 'profiles').onsuccess = () => { req.result.close(); resolve(); };
    };
  };
})"""


def test_a_profile_from_before_keeps_her_pin_and_drops_its_clear_credential(page, context, server):
    """Made when the phone kept an exact hash of the PIN and the credential in clear."""
    ana, _bea = two_profiles(page, server)
    salt = b"0123456789abcdef"
    exact = hashlib.pbkdf2_hmac("sha256", b"1111", salt, 150000, 32)
    page.goto("/profiles")
    page.evaluate(LEGACY_JS, [ana["id"], base64.b64encode(salt).decode(), base64.b64encode(exact).decode()])
    context.set_offline(True)
    choose(page, "Ana Quispe", "1111")
    profile = stored_profile(page, ana)
    assert "hash" not in profile and "credential" not in profile and profile["wrapped"] is None
    assert profile["check"] == pin_check(profile, "1111")
    context.set_offline(False)
    expect(page.locator("#switch-login")).to_be_visible()  # her password once, then a new PIN
    expect(page.locator("#who")).to_have_text("Ana Quispe")
