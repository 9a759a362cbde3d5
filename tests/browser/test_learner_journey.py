"""A new learner, on a phone-sized screen: signs up, reads a lesson, passes its quiz, sees her score."""

from playwright.sync_api import expect

from tests.browser.helpers import answer_quiz, sign_up, wait_until


def test_sign_up_read_a_lesson_pass_the_quiz_and_see_the_score(page, server):
    catalog = server.app.extensions["catalog"]
    quiz = catalog.quiz("conectate/tu-celular")
    sign_up(page, "Rosa Mamani", "rosa@example.bo")
    expect(page.locator("#who")).to_have_text("Rosa Mamani")
    page.get_by_role("link", name="Conéctate").click()
    page.get_by_role("link", name=catalog.lesson("conectate/tu-celular").title).click()
    expect(page.get_by_role("heading", name="Recuerda")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the lesson scrolls sideways on a phone: {width}px"
    page.get_by_role("link", name="Hacer el cuestionario").click()
    answer_quiz(page, quiz)
    total = len(quiz.questions)
    result = page.locator("#quiz-result")
    expect(result).to_contain_text(f"Tu puntaje: {total} de {total}")
    expect(result).to_contain_text("Tu recibo:")
    rows = wait_until(server.attempts, what="the attempt on the server")
    assert len(rows) == 1 and rows[0][3] == total
    expect(result).to_contain_text(rows[0][4])  # the receipt the server gave


def test_the_quiz_works_without_javascript(browser, server, base_url):
    learner = server.make_learner()
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Tu correo electrónico").fill(learner["email"])
    page.get_by_label("Tu contraseña").fill("secreto123")
    page.get_by_role("button", name="Entrar").click()
    quiz = server.app.extensions["catalog"].quiz("conectate/tu-celular")
    page.goto("/modules/conectate/lessons/tu-celular/quiz")
    answer_quiz(page, quiz, right=False)
    expect(page.get_by_role("heading", name="Tu resultado")).to_be_visible()
    expect(page.locator(".score")).to_have_text(f"Tu puntaje: 0 de {len(quiz.questions)}")
    expect(page.locator(".explanation").first).to_have_text(quiz.questions[0].explanation)
    assert len(server.attempts()) == 1
    context.close()
