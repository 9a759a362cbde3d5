"""Results answered on the phone reach the server: once, graded there, credited to her.

Every test checks the three oracles: nothing lost (the server row or the outbox item is
there), nothing duplicated (one row per item id), nobody credited wrongly (the row's user)."""

import json

import pytest
from sqlalchemy import text
from playwright.sync_api import expect

from tests.api.test_lessons import right_answers
from tests.browser.helpers import answer_quiz, expect_status, pump_until, signed_in, store, wait_until

QUIZ = "conectate/tu-celular"
QUIZ_URL = "/modules/conectate/lessons/tu-celular/quiz"
NO_BACKGROUND_SYNC = "delete ServiceWorkerRegistration.prototype.sync"  # as in Firefox and Safari


def quiz_of(server, quiz_id=QUIZ):
    return server.app.extensions["catalog"].quiz(quiz_id)


def queue_offline(page, server, right=True):
    """On the quiz page: lose the network, answer, and see the answer kept on the phone."""
    page.context.set_offline(True)
    answer_quiz(page, quiz_of(server), right=right)
    expect(page.locator("#quiz-result")).to_contain_text("Guardado en el teléfono")
    expect_status(page, "Sin conexión · 1 resultado por enviar")
    [item] = store(page)
    return item


def test_offline_answer_is_graded_by_the_server_once_back_online(page, context, server):
    learner = signed_in(page, server)
    page.goto(QUIZ_URL)
    item = queue_offline(page, server, right=False)
    assert server.attempts() == [] and item["learner"] == learner["id"]
    total = len(quiz_of(server).questions)
    # The phone's hint said 0; make the stored answers right: the score shown must be the server's.
    right = right_answers(quiz_of(server))
    page.evaluate("(answers) => Outbox.all().then(([i]) => Outbox.add({...i, answers}))", right)

    context.set_offline(False)
    [row] = wait_until(server.attempts, what="the attempt on the server")
    result = page.locator("#quiz-result")
    expect(result).to_contain_text(f"Tu puntaje: {total} de {total}")
    expect(result).to_contain_text(f"Enviado. Tu recibo: {row[4]}")
    expect_status(page, "Todo enviado")
    assert row == (item["id"], learner["id"], QUIZ, total, row[4])
    assert store(page) == [] and [s["receipt"] for s in store(page, "sent")] == [row[4]]


def test_lost_reply_then_retry_keeps_one_row_and_the_retry_is_a_duplicate(page, context, server):
    learner = signed_in(page, server)
    page.goto(QUIZ_URL)
    replies = []

    def deliver_then_drop_reply(route):  # the server stores it; the phone never hears back
        route.fetch()
        route.abort()

    context.route("**/api/sync", deliver_then_drop_reply)  # the page's and the worker's requests
    answer_quiz(page, quiz_of(server))
    [first] = pump_until(page, server.attempts, what="the first delivery")
    expect_status(page, "1 resultado por enviar")  # no answer came back: it stays
    [item] = store(page)
    context.unroute("**/api/sync", deliver_then_drop_reply)

    def record(route):
        response = route.fetch()
        replies.extend(json.loads(response.body())["results"])
        route.fulfill(response=response)

    context.route("**/api/sync", record)
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    expect_status(page, "Todo enviado")
    assert {"id": item["id"], "status": "duplicate", "receipt": first[4]}.items() <= replies[-1].items()
    assert server.attempts() == [first] and first[:2] == (item["id"], learner["id"])
    assert store(page) == []
    expect(page.locator("#sent-list")).to_contain_text(first[4])


@pytest.mark.parametrize("failure", ["500", "timeout"])
def test_server_error_or_timeout_keeps_items_queued_until_they_go_once(page, context, server, failure):
    context.add_init_script(NO_BACKGROUND_SYNC)  # only the page sends: its timeout is the one set here
    learner = signed_in(page, server)
    page.goto(QUIZ_URL)
    held = []
    if failure == "500":
        server.fail_sync = True
    else:
        page.evaluate("Outbox.sendTimeoutMs = 300")
        context.route("**/api/sync", lambda route: held.append(route))  # never answered: it hangs
    answer_quiz(page, quiz_of(server))
    pump_until(page, lambda: server.vias or held, what="a sync attempt")
    # The flush gave up (a hanging request must not hold the one-flush-at-a-time lock).
    page.wait_for_function("""() => navigator.locks.query()
      .then((s) => !s.held.some((l) => l.name === 'outbox-flush'))""")
    expect_status(page, "1 resultado por enviar")
    [item] = store(page)
    assert server.attempts() == []

    server.fail_sync = False
    context.unroute("**/api/sync")
    page.get_by_role("link", name="Mis envíos").click()  # the page-load flush sends it
    expect_status(page, "Todo enviado")
    assert [r[:2] for r in server.attempts()] == [(item["id"], learner["id"])]
    assert store(page) == []


@pytest.mark.parametrize("trigger", ["load", "online", "button"])
def test_without_background_sync_items_go_on_load_online_or_the_button(page, context, server, trigger):
    context.add_init_script(NO_BACKGROUND_SYNC)
    learner = signed_in(page, server)
    assert page.evaluate("'sync' in ServiceWorkerRegistration.prototype") is False
    page.goto(QUIZ_URL)
    item = queue_offline(page, server)
    if trigger == "online":
        context.set_offline(False)
    else:
        server.outage = True  # back online, the server out of reach: nothing goes yet
        context.set_offline(False)
        page.goto("/outbox")
        wait_until(lambda: "load" in server.vias, what="the page-load flush meeting the outage")
        expect(page.locator("#pending-list")).to_contain_text(server.app.extensions["catalog"].lesson(QUIZ).title)
        server.outage = False
        if trigger == "load":
            page.reload()
        else:
            page.get_by_role("button", name="Enviar ahora").click()
    expect_status(page, "Todo enviado")
    assert [r[:2] for r in server.attempts()] == [(item["id"], learner["id"])]
    assert server.vias[-1] == trigger and "sync" not in server.vias


def test_lesson_marked_done_offline_is_queued_and_stored_once(page, context, server):
    learner = signed_in(page, server)
    page.goto("/modules/conectate/lessons/tu-celular")
    context.set_offline(True)
    page.get_by_role("button", name="Marcar como terminada").click()
    expect(page.get_by_text("Lección terminada. ¡Muy bien!")).to_be_visible()
    expect_status(page, "Sin conexión · 1 resultado por enviar")
    [item] = store(page)
    assert item["type"] == "lesson_completed" and server.completions() == []
    context.set_offline(False)
    expect_status(page, "Todo enviado")
    assert server.completions() == [(item["id"], learner["id"], "conectate/tu-celular")]


PLANT = """([learner, quiz, title]) => Outbox.getMeta('current').then((me) => Outbox.add({
    id: crypto.randomUUID(), type: 'quiz_attempt', token: me.token, learner, quiz, title,
    content_version: 'v0', answers: {q1: 'a'}, answered_at: new Date().toISOString()}))"""


def test_a_rejected_item_is_listed_as_not_sent_never_dropped(page, server):
    learner = signed_in(page, server)
    page.evaluate(PLANT, [learner["id"], "conectate/no-existe", "Un cuestionario borrado"])
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    link = page.get_by_role("link", name="1 resultado no se pudo enviar (ver)")
    expect(link).to_be_visible()
    expect(page.locator("#failed-list")).to_have_text("Un cuestionario borrado · Esta lección ya no existe.")
    [failed] = store(page, "failed")
    assert failed["reason"] == "unknown_quiz" and store(page) == [] and server.attempts() == []

    server.outage = True  # and one more that waits: both lists, and a status line that says so
    page.evaluate(PLANT, [learner["id"], QUIZ, "Tu celular, parte por parte"])
    page.get_by_role("button", name="Enviar ahora").click()
    expect(page.locator("#sync-status")).to_have_text(
        "1 resultado por enviar · 1 resultado no se pudo enviar (ver)")
    page.reload()
    expect(page.locator("#pending-list")).to_contain_text("Tu celular, parte por parte")
    expect(page.locator("#failed-list")).to_contain_text("Un cuestionario borrado")
    assert len(store(page, "failed")) == 1 and len(store(page)) == 1


def test_a_malformed_item_is_set_aside_and_does_not_block_the_others(page, server):
    learner = signed_in(page, server)
    # An item the server would refuse with a 400 for the whole batch (its id is no UUID).
    page.evaluate("""() => Outbox.getMeta('current').then((me) => Outbox.add({
        id: 'roto-1', type: 'quiz_attempt', token: me.token, learner: me.id, title: 'Dañado',
        quiz: 'conectate/tu-celular', content_version: 'v0', answers: {},
        answered_at: new Date().toISOString()}))""")
    page.evaluate(PLANT, [learner["id"], QUIZ, "Tu celular, parte por parte"])
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    expect(page.locator("#failed-list")).to_have_text("Dañado · Los datos estaban dañados.")
    expect(page.locator("#sync-status")).to_have_text("1 resultado no se pudo enviar (ver)")
    [row] = server.attempts()
    assert row[1] == learner["id"] and store(page) == []


def test_one_endpoint_failing_does_not_hold_back_the_other(page, context, server):
    learner = signed_in(page, server)
    context.route("**/api/applications", lambda route: route.fulfill(status=503, body="busy"))
    page.evaluate("""() => Outbox.add({id: crypto.randomUUID(), type: 'application', call: 1,
        fields: {name: 'Juana'}, title: 'Juana', created: '2026-01-01T00:00:00.000Z'})""")  # sent first
    page.evaluate(PLANT, [learner["id"], QUIZ, "Tu celular, parte por parte"])
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    # The application waits; the result went. Whole text: "1 resultado y 1 solicitud por enviar"
    # contains the words too.
    expect(page.locator("#sync-status")).to_have_text("1 solicitud por enviar")
    [row] = server.attempts()
    assert row[1] == learner["id"]
    assert [i["type"] for i in store(page)] == ["application"] and store(page, "failed") == []


def test_a_conflict_is_kept_in_view_and_the_first_answer_stays(page, server):
    learner = signed_in(page, server)
    page.goto(QUIZ_URL)
    answer_quiz(page, quiz_of(server))
    expect(page.locator("#quiz-result")).to_contain_text("Tu recibo:")
    [first] = server.attempts()
    # The same id comes again with other answers (a corrupted or tampered copy).
    page.evaluate("""(id) => Outbox.getMeta('current').then((me) => Outbox.add({
        id, type: 'quiz_attempt', token: me.token, learner: me.id, quiz: 'conectate/tu-celular',
        title: 'Otra copia', content_version: 'v0', answers: {q1: 'zz'},
        answered_at: new Date().toISOString()}))""", first[0])
    page.goto("/outbox")
    page.get_by_role("button", name="Enviar ahora").click()
    expect(page.locator("#failed-list")).to_have_text(
        "Otra copia · Ya se había enviado algo distinto con el mismo código.")
    expect_status(page, "1 resultado no se pudo enviar (ver)")
    assert server.attempts() == [first] and first[1] == learner["id"]  # not overwritten
    assert [f["reason"] for f in store(page, "failed")] == ["conflict"] and store(page) == []


def test_wrong_phone_clock_is_stored_with_the_server_time(page, context, server):
    learner = signed_in(page, server)
    page.goto(QUIZ_URL)
    # Years behind, as after a battery change: Date in the page is shifted; the worker's is not.
    page.evaluate("""() => { const Real = Date, shift = -6 * 365 * 864e5;
      self.Date = class extends Real {
        constructor(...a) { if (a.length) super(...a); else super(Real.now() + shift); }
        static now() { return Real.now() + shift; } }; }""")
    item = queue_offline(page, server)
    assert item["answered_at"].startswith(("2019", "2020", "2021"))
    context.set_offline(False)
    expect_status(page, "Todo enviado")
    [row] = server.attempts()
    assert row[:2] == (item["id"], learner["id"])
    stored = server.query(lambda s: s.execute(text("select answered_at, received_at from quiz_attempt")).one())
    assert str(stored[0]).startswith(item["answered_at"][:4]) and stored[1] > stored[0]


def test_one_flush_at_a_time_a_second_one_gives_way(page, server):
    signed_in(page, server)
    busy = page.evaluate("""() => new Promise((resolve) => {
      navigator.locks.request('outbox-flush', async () => {
        resolve(await Outbox.flush('test'));
      });
    })""")
    assert busy == {"busy": True, "sent": [], "failed": [], "waiting": 0}
    free = page.evaluate("Outbox.flush('test')")
    assert "busy" not in free
