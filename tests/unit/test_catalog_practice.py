"""The loader reads a lesson's practice, a module's glossary and the guide's sessions, or names
the file and the field that is wrong."""

from pathlib import Path

import pytest
import yaml

from learner.learning.catalog import (
    Amount,
    ContentError,
    FormField,
    Practice,
    ScamMessage,
    Session,
    WorksheetQuestion,
    load_catalog,
)
from tests.unit.content_factory import edit_front_matter, write_module

SCAM = {"kind": "scam_check", "title": "¿Es una estafa?", "intro": "Lee cada mensaje.", "minutes": 3,
        "messages": [{"channel": "sms", "sender": "+591 7xx xx xxx", "text": "Ganaste un premio.",
                      "scam": True, "why": "Nadie regala premios por mensaje."}]}
WORKSHEET = {"kind": "worksheet", "title": "Tus gastos", "intro": "Suma tus gastos.", "minutes": 4,
             "given": [{"label": "Harina", "amount": 20}, {"label": "Gas", "amount": 5.5}],
             "questions": [{"label": "¿Cuánto gastas? (Bs)", "answer": 25.5, "hint": "Suma todo."},
                           {"label": "¿Y en dos días? (Bs)", "answer": 51}]}
FORM = {"kind": "form", "title": "Tu correo", "intro": "Llena el formulario.", "minutes": 4,
        "fields": [{"label": "Tu correo", "accept": "^[a-z0-9.]+@gmail\\.com$", "hint": "Sin ñ."}]}
PASSPHRASE = {"kind": "passphrase", "title": "Tu frase", "intro": "Arma una frase larga.", "minutes": 3}


@pytest.fixture
def course(tmp_path) -> Path:
    write_module(tmp_path)
    return tmp_path


def first_lesson(root: Path) -> Path:
    return sorted((root / "uno").glob("01-*.md"))[0]


def test_each_practice_kind_loads_as_frozen_data(course):
    for number, practice in enumerate([SCAM, WORKSHEET, FORM, PASSPHRASE], 1):
        edit_front_matter(sorted((course / "uno").glob(f"0{number}-*.md"))[0], practice=practice)
    lessons = load_catalog(course).module("uno").lessons
    assert lessons[0].practice == Practice("scam_check", "¿Es una estafa?", "Lee cada mensaje.", 3, messages=(
        ScamMessage("sms", "+591 7xx xx xxx", "Ganaste un premio.", True, "Nadie regala premios por mensaje."),))
    assert lessons[1].practice.given == (Amount("Harina", 20), Amount("Gas", 5.5))
    assert lessons[1].practice.questions == (WorksheetQuestion("¿Cuánto gastas? (Bs)", 25.5, "Suma todo."),
                                             WorksheetQuestion("¿Y en dos días? (Bs)", 51, ""))
    assert lessons[2].practice.fields == (FormField("Tu correo", "^[a-z0-9.]+@gmail\\.com$", "Sin ñ."),)
    assert lessons[3].practice == Practice("passphrase", "Tu frase", "Arma una frase larga.", 3)
    assert lessons[4].practice.steps == ("Lee el mensaje.", "Anota el pedido.", "Contesta a tu vecina.")
    with pytest.raises(AttributeError):
        lessons[0].practice.minutes = 9


def test_a_lesson_without_practice_loads(course):
    edit_front_matter(first_lesson(course), practice=None)
    assert load_catalog(course).module("uno").lessons[0].practice is None


def broken(base: dict, **changes) -> dict:
    data = yaml.safe_load(yaml.safe_dump(base))
    for key, value in changes.items():
        data[key] = value
    return data


@pytest.mark.parametrize("practice, field", [
    ("una actividad", "practice"),
    (broken(PASSPHRASE, kind="essay"), "practice.kind"),
    (broken(PASSPHRASE, title=""), "practice.title"),
    (broken(PASSPHRASE, intro=None), "practice.intro"),
    (broken(PASSPHRASE, minutes=0), "practice.minutes"),
    (broken(PASSPHRASE, minutes="3"), "practice.minutes"),
    (broken(PASSPHRASE, minutes=True), "practice.minutes"),
    (broken(PASSPHRASE, steps=["a", "b", "c"]), "practice.steps"),
    ({**PASSPHRASE, 1: "uno", "minute": 3}, "practice.1"),
    (broken(SCAM, messages=[]), "practice.messages"),
    (broken(SCAM, messages=[{**SCAM["messages"][0], "channel": "telegram"}]), "practice.messages[1].channel"),
    (broken(SCAM, messages=[{**SCAM["messages"][0], "scam": "sí"}]), "practice.messages[1].scam"),
    (broken(SCAM, messages=[{**SCAM["messages"][0], "why": ""}]), "practice.messages[1].why"),
    (broken(SCAM, messages=[{"channel": "sms", "text": "Hola"}]), "practice.messages[1]"),
    (broken({**PASSPHRASE, "kind": "order_steps"}, steps=["Uno.", "Dos."]), "practice.steps"),
    (broken({**PASSPHRASE, "kind": "order_steps"}, steps=["Uno.", "Dos.", "Uno."]), "practice.steps"),
    (broken({**PASSPHRASE, "kind": "order_steps"}, steps=[f"Paso {n}." for n in range(7)]), "practice.steps"),
    (broken(WORKSHEET, questions=[{"label": "¿Total?", "answer": "25"}]), "practice.questions[1].answer"),
    (broken(WORKSHEET, given=[{"label": "Gas", "amount": True}]), "practice.given[1].amount"),
    (broken(WORKSHEET, questions=None), "practice.questions"),
    (broken(FORM, fields=[{"label": "Correo", "accept": "^[a-z+@"}]), "practice.fields[1].accept"),
    (broken(FORM, fields=[{"label": "Correo", "accept": ""}]), "practice.fields[1].accept"),
    (broken(FORM, fields=[{"label": "Correo", "accept": ".*", "placeholder": "x"}]), "practice.fields[1]"),
])
def test_a_broken_practice_names_file_and_field(course, practice, field):
    path = first_lesson(course)
    edit_front_matter(path, practice=practice)
    with pytest.raises(ContentError) as error:
        load_catalog(course)
    assert (error.value.path, error.value.field) == (path, field)


def test_a_glossary_loads_in_file_order(course):
    (course / "uno" / "glossary.yaml").write_text(
        "TEAC: El costo total de un crédito en un año, en porcentaje.\n"
        "almacenamiento: El lugar del celular donde se guardan tus fotos y archivos.\n",
        encoding="utf-8")
    assert load_catalog(course).module("uno").glossary == (
        ("TEAC", "El costo total de un crédito en un año, en porcentaje."),
        ("almacenamiento", "El lugar del celular donde se guardan tus fotos y archivos."))


def test_a_module_without_glossary_loads(course):
    (course / "uno" / "glossary.yaml").unlink()
    assert load_catalog(course).module("uno").glossary == ()


@pytest.mark.parametrize("text, field", [
    ("- almacenamiento\n", "-"),
    ("TEAC: " + "palabra " * 16 + "\n", "TEAC"),
    ("TEAC: " + "palabra " * 15 + "\n", None),
    ("TEAC:\n", "TEAC"),
    ("TEAC: [uno, dos]\n", "TEAC"),
    ("123: un número\n", "123"),
])
def test_a_glossary_meaning_is_one_line_of_15_words_at_most(course, text, field):
    path = course / "uno" / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    if field is None:
        assert load_catalog(course).module("uno").glossary[0][0] == "TEAC"
        return
    with pytest.raises(ContentError) as error:
        load_catalog(course)
    assert (error.value.path, error.value.field) == (path, field)


def test_guide_sessions_load_and_the_front_matter_is_not_shown(course):
    module = load_catalog(course).module("uno")
    assert module.sessions == (Session("Sesión 1", 90), Session("Sesión 2", 90))
    assert "sessions" not in module.guide_html and "minutes" not in module.guide_html
    assert "<h1>Guía para la facilitadora</h1>" in module.guide_html


def test_a_guide_without_front_matter_still_renders(course):
    (course / "uno" / "guide.md").write_text("# Guía\n\nLee con el grupo.\n", encoding="utf-8")
    module = load_catalog(course).module("uno")
    assert module.sessions == () and "<h1>Guía</h1>" in module.guide_html


@pytest.mark.parametrize("front, field", [
    ("sessions: una\n", "sessions"),
    ("sessions:\n  - {title: Sesión 1}\n", "sessions[1]"),
    ("sessions:\n  - {title: Sesión 1, minutes: 0}\n", "sessions[1].minutes"),
    ("sessions:\n  - {title: '', minutes: 60}\n", "sessions[1].title"),
    ("sessions: [\n", "front matter"),
    ("session:\n  - {title: Sesión 1, minutes: 60}\n", "session"),
])
def test_broken_guide_sessions_name_file_and_field(course, front, field):
    path = course / "uno" / "guide.md"
    path.write_text(f"---\n{front}---\n# Guía\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(course)
    assert (error.value.path, error.value.field) == (path, field)
