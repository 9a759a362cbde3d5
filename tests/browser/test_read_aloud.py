"""Read-aloud uses the phone's own Spanish voice; without one the button hides and says why.
Headless Chromium has no voices, so the test gives the page a speech engine that records."""

from playwright.sync_api import expect

from tests.browser.helpers import answer_quiz, signed_in, wait_until

FAKE_ENGINE = """(() => {
  window.__spoken = [];
  const voices = %s;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } addEventListener() {} };
  Object.defineProperty(window, 'speechSynthesis', { value: {
    speaking: false,
    getVoices: () => voices,
    speak(u) { window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }); },
    cancel() {},
    addEventListener() {},
  } });
})();"""
SPANISH = "[{name: 'Español (Bolivia)', lang: 'es-BO', localService: true}, {name: 'English', lang: 'en-US', localService: true}]"


def test_the_lesson_is_read_with_a_spanish_voice_then_the_quiz_is_taken(page, server):
    page.context.add_init_script(FAKE_ENGINE % SPANISH)
    signed_in(page, server)
    lesson = server.app.extensions["catalog"].lesson("conectate/tu-celular")
    page.goto("/modules/conectate/lessons/tu-celular")
    page.get_by_role("button", name="Escuchar la lección").click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1
    assert spoken[0]["lang"] == "es-BO" and spoken[0]["voice"] == "Español (Bolivia)"
    assert lesson.title in spoken[0]["text"] and lesson.remember[0] in spoken[0]["text"]
    expect(page.get_by_role("button", name="Detener")).to_be_visible()
    page.get_by_role("link", name="Hacer el cuestionario").click()
    answer_quiz(page, lesson.quiz)
    wait_until(server.attempts, what="the attempt")


def test_without_a_spanish_voice_the_button_hides_and_says_why(page, server):
    page.context.add_init_script(FAKE_ENGINE % "[{name: 'English', lang: 'en-US', localService: true}]")
    page.goto("/modules/conectate/lessons/tu-celular")
    expect(page.locator("#read-aloud-note")).to_contain_text("no tiene una voz en español")
    expect(page.get_by_role("button", name="Escuchar la lección")).to_be_hidden()
