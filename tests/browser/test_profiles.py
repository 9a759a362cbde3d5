"""One phone, a whole family: profiles chosen with a PIN, switched offline, each result
credited to whoever answered it, nobody seeing another's items."""

from playwright.sync_api import expect

from learner.accounts import devices
from learner.models import DeviceProfile
from tests.browser.helpers import (answer_quiz, download_module, pump_until, sign_in, signed_in,
                                   store, wait_until)

QUIZ = "conectate/tu-celular"
QUIZ_URL = "/modules/conectate/lessons/tu-celular/quiz"


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
    page.get_by_role("button", name="Ana Quispe").click()
    for left in (4, 3, 2, 1):
        page.locator("#pin").fill("9999")
        page.get_by_role("button", name="Entrar").click()
        expect(page.locator("#pin-error")).to_have_text(f"PIN incorrecto. Te quedan {left} intentos.")
    page.locator("#pin").fill("9999")
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

    def revoke_all(session):
        for profile in session.query(DeviceProfile).filter_by(user_id=ana["id"]):
            devices.revoke(ana["id"], profile.id)
        session.commit()

    server.query(revoke_all)
    page.goto("/profiles")
    page.get_by_role("button", name="Ana Quispe").click()
    page.locator("#pin").fill("1111")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
    me = page.evaluate("fetch('/api/me').then((r) => r.json())")
    assert me["user"]["id"] == bea["id"]  # the server session did not move to Ana
