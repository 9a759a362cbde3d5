"""Shared phones and accounts: results are credited by the token of who answered them, not by
whoever is signed in when they travel, and a session or password change loses nothing."""

from playwright.sync_api import expect

from learner.accounts.users import set_password
from learner.extensions import db
from learner.models import User
from tests.browser.helpers import (answer_quiz, expect_status, sign_in, signed_in, store,
                                   wait_until)

QUIZ = "conectate/tu-celular"
QUIZ_URL = "/modules/conectate/lessons/tu-celular/quiz"


def answer_offline(page, server):
    page.goto(QUIZ_URL)
    page.context.set_offline(True)
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    expect(page.locator("#quiz-result")).to_contain_text("Guardado en el teléfono")
    return store(page)[-1]


def test_two_learners_on_one_phone_each_credited_neither_sees_the_other(page, context, server):
    ana = signed_in(page, server, "Ana Quispe")
    item_a = answer_offline(page, server)
    server.fail_sync = True  # back online, but nothing can be sent until both have answered
    context.set_offline(False)
    page.goto("/account")
    page.get_by_role("button", name="Salir").click()
    expect(page.locator("#who")).to_have_text("Entrar")

    bea = server.make_learner("Bea Condori")
    sign_in(page, bea["email"])
    expect(page.locator("#who")).to_have_text("Bea Condori")
    page.goto(QUIZ_URL)
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    expect_status(page, "2 resultados por enviar")
    item_b = next(i for i in store(page) if i["id"] != item_a["id"])
    assert (item_a["learner"], item_b["learner"]) == (ana["id"], bea["id"])
    assert server.attempts() == []

    page.goto("/outbox")
    expect(page.locator("#pending-list li")).to_have_count(1)  # only Bea's own item
    server.fail_sync = False
    page.get_by_role("button", name="Enviar ahora").click()
    expect_status(page, "Todo enviado")
    credited = {row[0]: row[1] for row in server.attempts()}
    assert credited == {item_a["id"]: ana["id"], item_b["id"]: bea["id"]}
    receipts = {row[0]: row[4] for row in server.attempts()}
    sent = page.locator("#sent-list")
    expect(sent).to_contain_text(receipts[item_b["id"]])
    expect(sent).not_to_contain_text(receipts[item_a["id"]])
    expect(page.locator("#pending-list")).to_have_text("No hay nada aquí.")


def test_who_signs_in_next_is_credited_even_if_the_last_one_never_signed_out(page, server):
    ana = signed_in(page, server, "Ana Quispe")
    bea = server.make_learner("Bea Condori")
    sign_in(page, bea["email"])  # the phone still remembers Ana: it must forget her here
    expect(page.locator("#who")).to_have_text("Bea Condori")
    page.goto(QUIZ_URL)
    answer_quiz(page, server.app.extensions["catalog"].quiz(QUIZ))
    expect(page.locator("#quiz-result")).to_contain_text("Tu recibo:")
    [row] = server.attempts()
    assert row[1] == bea["id"] != ana["id"]


def test_session_ended_offline_loses_nothing_and_asks_her_to_sign_in(page, context, server):
    rosa = signed_in(page, server)
    item = answer_offline(page, server)
    context.clear_cookies()  # her session ends while the phone is offline
    context.set_offline(False)
    expect(page.locator("#session-banner")).to_be_visible()
    expect(page.locator("#session-banner")).to_contain_text("Tu sesión terminó.")
    expect_status(page, "Todo enviado")  # sent all the same: the token says whose it is
    assert [r[:2] for r in server.attempts()] == [(item["id"], rosa["id"])]
    assert store(page) == []


def test_password_reset_keeps_waiting_items_until_her_next_sign_in(page, context, server):
    rosa = signed_in(page, server)
    item = answer_offline(page, server)
    with server.app.app_context():
        set_password(db.session.get(User, rosa["id"]), "una clave nueva")
    context.set_offline(False)
    expect(page.locator("#session-banner")).to_be_visible()
    [waiting] = wait_until(lambda: [i for i in store(page) if i.get("needs_login")],
                           what="the item refused as token_revoked, kept for her sign-in")
    expect_status(page, "1 resultado por enviar")
    assert waiting["id"] == item["id"]
    assert server.attempts() == []
    page.goto("/outbox")
    expect(page.locator("#pending-list")).to_contain_text("Entra a tu cuenta para enviarlo.")

    sign_in(page, rosa["email"], "una clave nueva")
    expect_status(page, "Todo enviado")  # re-signed with her new token, then stored
    assert [r[:2] for r in server.attempts()] == [(item["id"], rosa["id"])]
    expect(page.locator("#session-banner")).to_be_hidden()
    assert store(page) == []
