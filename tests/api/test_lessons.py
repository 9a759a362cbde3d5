import re

from learner.models import LessonCompletion, QuizAttempt
from tests.conftest import login


def right_answers(quiz):
    return {q.id: sorted(q.answer) if q.type == "multiple" else next(iter(q.answer))
            for q in quiz.questions}


def form_data(answers):
    from werkzeug.datastructures import MultiDict
    data = MultiDict()
    for qid, value in answers.items():
        for v in value if isinstance(value, list) else [value]:
            data.add(qid, v)
    return data


def test_home_lists_the_three_modules(client):
    page = client.get("/").get_data(as_text=True)
    for title in ("Conéctate", "Introducción a la ciberseguridad", "Emprendimiento"):
        assert title in page


def test_module_page_lists_lessons_and_the_download_offer(client, catalog):
    module = catalog.module("conectate")
    page = client.get("/modules/conectate").get_data(as_text=True)
    assert all(lesson.title in page for lesson in module.lessons)
    assert "Descargar para usar sin internet" in page


def test_lesson_page_has_text_remember_box_quiz_and_next(client, catalog):
    module = catalog.module("conectate")
    first, second = module.lessons[0], module.lessons[1]
    page = client.get(f"/modules/conectate/lessons/{first.slug}").get_data(as_text=True)
    assert first.title in page and "Recuerda" in page and "<blockquote>" in page
    assert f"/modules/conectate/lessons/{second.slug}" in page
    assert f"/modules/conectate/lessons/{first.slug}/quiz" in page


def test_cached_pages_carry_no_personal_data(client, make_user):
    user = make_user(name="Eulogia Condori")
    login(client, user)
    for url in ("/", "/modules/conectate", "/modules/conectate/lessons/tu-celular",
                "/modules/conectate/lessons/tu-celular/quiz", "/offline", "/outbox"):
        body = client.get(url).get_data(as_text=True)
        assert "Eulogia" not in body and user.email not in body, url


def test_unknown_module_or_lesson_is_404(client):
    assert client.get("/modules/nada").status_code == 404
    assert client.get("/modules/conectate/lessons/nada").status_code == 404
    assert client.get("/modules/conectate/lessons/nada/quiz").status_code == 404


def test_quiz_by_plain_form_is_graded_on_the_server_and_shows_the_key(client, make_user, catalog):
    user = make_user()
    login(client, user)
    lesson = catalog.lesson("conectate/tu-celular")
    answers = right_answers(lesson.quiz)
    wrong_q = lesson.quiz.questions[0]
    answers[wrong_q.id] = next(c.id for c in wrong_q.choices if c.id not in wrong_q.answer)
    response = client.post("/modules/conectate/lessons/tu-celular/quiz", data=form_data(answers))
    assert response.status_code == 302
    attempt = QuizAttempt.query.one()
    total = len(lesson.quiz.questions)
    assert (attempt.score, attempt.max_score, attempt.source) == (total - 1, total, "form")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Tu puntaje: {total - 1} de {total}" in page
    assert wrong_q.explanation in page and "Incorrecto" in page
    assert attempt.receipt in page


def test_retry_shows_best_and_latest(client, make_user, catalog):
    login(client, make_user())
    lesson = catalog.lesson("conectate/tu-celular")
    total = len(lesson.quiz.questions)
    client.post("/modules/conectate/lessons/tu-celular/quiz", data=form_data(right_answers(lesson.quiz)))
    worse = right_answers(lesson.quiz)
    q = lesson.quiz.questions[1]
    worse[q.id] = "zz"
    response = client.post("/modules/conectate/lessons/tu-celular/quiz", data=form_data(worse))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Mejor: {total}/{total} · Última: {total - 1}/{total}" in page
    progress = client.get("/api/me").get_json()["progress"]["conectate"]["lessons"]["conectate/tu-celular"]
    assert progress["quiz"] == {"best": total, "latest": total - 1, "max": total, "passed": True, "attempts": 2}


def test_resubmitting_the_same_form_stores_one_attempt(client, make_user, catalog):
    login(client, make_user())
    quiz = catalog.quiz("conectate/tu-celular")
    data = form_data(right_answers(quiz))
    data.add("attempt_id", "6f1d7a3e-2b9c-4c1e-9a55-0d6b1f2e3a4b")
    client.post("/modules/conectate/lessons/tu-celular/quiz", data=data)
    client.post("/modules/conectate/lessons/tu-celular/quiz", data=data)
    assert QuizAttempt.query.count() == 1


def test_unanswered_quiz_gets_a_clear_error_not_a_500(client, make_user):
    login(client, make_user())
    response = client.post("/modules/conectate/lessons/tu-celular/quiz", data={"q1": "a"})
    assert response.status_code == 400
    assert "Responde todas las preguntas." in response.get_data(as_text=True)
    assert QuizAttempt.query.count() == 0


def test_quiz_and_done_need_a_signed_in_learner(client):
    assert client.post("/modules/conectate/lessons/tu-celular/quiz").status_code == 302
    assert client.post("/modules/conectate/lessons/tu-celular/done").status_code == 302
    assert client.get("/progress").status_code == 302


def test_mark_done_records_once_and_moves_on(client, make_user, catalog):
    login(client, make_user())
    response = client.post("/modules/conectate/lessons/tu-celular/done")
    second = catalog.module("conectate").lessons[1]
    assert response.headers["Location"].endswith(f"/lessons/{second.slug}")
    assert LessonCompletion.query.count() == 1
    progress = client.get("/api/me").get_json()["progress"]["conectate"]
    assert progress["lessons_done"] == 1


def test_a_learner_cannot_see_anothers_attempt(client, app, make_user, catalog):
    owner, other = make_user(), make_user()
    login(client, owner)
    response = client.post("/modules/conectate/lessons/tu-celular/quiz",
                           data=form_data(right_answers(catalog.quiz("conectate/tu-celular"))))
    url = response.headers["Location"]
    client.post("/logout")
    login(client, other)
    assert client.get(url).status_code == 404
    assert re.search(r"/attempts/[0-9a-f-]{36}$", url)


def test_illustrations_are_served_as_svg(client, catalog):
    lesson = next(l for m in catalog.modules for l in m.lessons if l.illustration)
    with client.get(f"/content/{lesson.module}/img/{lesson.illustration.file}") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert client.get(f"/content/{lesson.module}/img/../module.yaml").status_code == 404


def test_a_lesson_picture_is_loaded_by_script_or_by_noscript_never_while_parsing(client):
    # A src would be fetched as the page is parsed, before "modo ahorro" could say no.
    page = client.get("/modules/conectate/lessons/tu-celular").get_data(as_text=True)
    assert 'data-src="/content/conectate/img/celular.svg"' in page
    outside_noscript = re.sub(r"<noscript>.*?</noscript>", "", page, flags=re.S)
    assert ' src="/content/' not in outside_noscript and ' src="/content/' in page
