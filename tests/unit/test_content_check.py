"""`flask content check` on a small course written for the test: each rule fails when broken."""

from pathlib import Path

import pytest
import yaml

from learner.learning.catalog import load_catalog
from learner.learning.content_check import check_catalog
from tests.unit.content_factory import (HOURS, LESSON_WORDS, QUESTION_LIST, edit_front_matter,
                                        write_module)


@pytest.fixture
def course(tmp_path) -> Path:
    write_module(tmp_path)
    return tmp_path


def problems(root: Path) -> list[str]:
    """Every broken rule of the course, lessons', modules' and the course's, as printed."""
    report = check_catalog(load_catalog(root))
    return ([p for r in report.lessons for p in r.problems] + [p for m in report.modules for p in m.problems]
            + list(report.problems))


def lesson(root: Path, number: int = 1, module: str = "uno") -> Path:
    return sorted((root / module).glob(f"{number:02d}-*.md"))[0]


def set_questions(root: Path, questions: list[dict], number: int = 1, module: str = "uno") -> None:
    path = lesson(root, number, module).with_suffix(".quiz.yaml")
    path.write_text(yaml.safe_dump({"questions": questions}, allow_unicode=True), encoding="utf-8")


def replace_question(index: int, **changes) -> list[dict]:
    questions = [dict(q) for q in QUESTION_LIST]
    questions[index] = {**questions[index], **changes}
    return questions


def test_the_small_course_meets_every_rule(course):
    assert problems(course) == []


def test_cli_prints_one_report_and_exits_0_when_every_rule_holds(app, course):
    result = app.test_cli_runner().invoke(args=["content", "check", "--path", str(course)])
    assert result.exit_code == 0, result.output
    assert "ok  uno/leccion-1: 59 words, Fernández-Huerta" in result.output
    assert "words a sentence" in result.output and "unusual words" in result.output
    assert "right option strictly longest in 0 of 2 single-choice" in result.output
    assert f"= 258 min ≈ {HOURS} h; module.yaml says {HOURS} h" in result.output
    assert "every rule holds" in result.output


def test_cli_exits_1_and_marks_the_broken_rule(app, course):
    set_questions(course, replace_question(4, text="Ana siempre usa su celular."))
    result = app.test_cli_runner().invoke(args=["content", "check", "--path", str(course)])
    assert result.exit_code == 1
    assert "BAD uno/leccion-1" in result.output
    assert "q5: absolute word in a true/false statement (siempre)" in result.output


@pytest.mark.parametrize("word", ["siempre", "nunca", "todo", "toda", "todos", "todas", "nada", "nadie",
                                  "solo", "sólo", "jamás", "ninguno", "ninguna", "Nunca"])
def test_absolutes_in_a_true_false_statement_fail(course, word):
    set_questions(course, replace_question(5, text=f"La vecina {word} pide queso."))
    assert problems(course) == [f"quiz q6: absolute word in a true/false statement ({word.lower()})"]


def test_absolutes_are_whole_words(course):
    # "todavía", "nadar" and "soltera" contain an absolute but are not one.
    set_questions(course, replace_question(5, text="Todavía la vecina soltera va a nadar."))
    assert problems(course) == []


@pytest.mark.parametrize("text", [
    "¿Cuál NO es un pedido?",
    "¿Qué no hace Ana con un pedido?",
    "¿Cuáles no sirven?",
])
def test_negated_single_questions_fail(course, text):
    set_questions(course, replace_question(0, text=text))
    assert problems(course) == ["quiz q1: negated question"]


def test_a_multiple_question_with_no_fails(course):
    set_questions(course, replace_question(2, text="¿Qué ayuda a Ana a no perder pedidos? Marca todas las correctas."))
    assert problems(course) == ['quiz q3: negated question ("no" with "Marca todas las correctas.")']


def test_a_multiple_question_with_capital_no_is_negated(course):
    set_questions(course, replace_question(2, text="¿Cuáles de estos NO hace Ana? Marca todas las correctas."))
    assert problems(course) == ["quiz q3: negated question"]


def test_a_single_question_about_a_condition_with_no_is_not_negated(course):
    set_questions(course, replace_question(0, text="Si no tienes saldo, ¿dónde anota Ana sus pedidos?"))
    assert problems(course) == []


@pytest.mark.parametrize("option", ["En su cuaderno, porque no lo pierde.", "En su cuaderno, ya que es fácil.",
                                    "En su cuaderno. Por eso no se olvida."])
def test_reasoning_inside_an_option_fails(course, option):
    questions = replace_question(0, choices={**QUESTION_LIST[0]["choices"], "a": option})
    questions[0]["choices"]["b"] = "En la pared de la casa de su vecina, al lado."  # right is not longest
    questions[0]["choices"]["c"] = "En una hoja suelta que guarda en la bolsa del pan."
    set_questions(course, questions)
    assert problems(course) == ["quiz q1: reasoning inside option a (porque / ya que / por eso): "
                                "put it in the explanation"]


@pytest.mark.parametrize("text, found", [
    ("¿Qué hace Ana con un pedido?", 0),
    ("Marca todas las correctas. ¿Qué hace Ana con un pedido? Marca todas las correctas.", 2),
    ("¿Qué hace Ana? Marca todas las correctas. Piensa bien.", 1),
])
def test_a_multiple_question_ends_with_mark_all_exactly_once(course, text, found):
    set_questions(course, replace_question(2, text=text))
    assert problems(course) == [f'quiz q3: a multiple-choice question ends with "Marca todas las '
                                f'correctas." once (found {found})']


def test_mark_all_in_a_single_question_fails(course):
    set_questions(course, replace_question(0, text="¿Dónde anota Ana? Marca todas las correctas."))
    assert problems(course) == ['quiz q1: "Marca todas las correctas." in a single-choice question']


def longest_right(count: int) -> list[dict]:
    """The two single questions of a quiz, `count` of them with the right option strictly longest."""
    questions = [dict(q) for q in QUESTION_LIST]
    for index in range(count):
        questions[index] = {**questions[index], "choices": {"a": "Corto.", "b": "Corto.", "c": "Corto."}}
        right = questions[index]["answer"]
        questions[index]["choices"][right] = "La opción correcta, la más larga."
    return questions


def test_the_longest_right_option_up_to_40_percent_passes(course):
    for number in range(1, 8):  # 7 of 18 single-choice questions: 39 %
        set_questions(course, longest_right(1), number)
    assert problems(course) == []


def test_the_longest_right_option_above_40_percent_fails_module_and_course(course):
    for number in range(1, 9):  # 8 of 18: 44 %
        set_questions(course, longest_right(1), number)
    assert problems(course) == [
        "quizzes: the right option is strictly the longest in 8 of 18 single-choice questions (44%) > 40%",
        "course: the right option is strictly the longest in 8 of 18 single-choice questions (44%) > 40%",
    ]


def test_a_tie_for_longest_is_no_cue(course):
    questions = [dict(q) for q in QUESTION_LIST]
    questions[0] = {**questions[0], "choices": {"a": "Igual.", "b": "Igual.", "c": "Otro."}}
    for number in range(1, 10):
        set_questions(course, questions, number)
    assert problems(course) == []


def test_one_module_above_40_percent_fails_even_when_the_course_is_below(course):
    write_module(course, slug="dos", order=2)
    for number in range(1, 10):  # module uno: 9 of 18 = 50 %; course 9 of 36 = 25 %
        set_questions(course, longest_right(1), number)
    assert problems(course) == [
        "quizzes: the right option is strictly the longest in 9 of 18 single-choice questions (50%) > 40%"]


def test_a_hard_lesson_fails_readability(course):
    path = lesson(course)
    hard = ("La interoperabilidad tecnológica contemporánea, caracterizada por arquitecturas "
            "descentralizadas, heterogéneas y extraordinariamente complejas, imposibilita "
            "comprensiones inmediatas. ")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + hard * 3, encoding="utf-8")
    edit_front_matter(path, minutes=2)
    found = problems(course)
    assert any(p.startswith("readability: Fernández-Huerta ") and p.endswith(" < 70") for p in found), found


def test_long_sentences_fail_even_with_easy_words(course):
    path = lesson(course)
    long = "Ana va a la feria con su hija y con su vecina y con su mamá y con su papá a vender pan. "
    path.write_text(path.read_text(encoding="utf-8") + "\n" + long * 12, encoding="utf-8")
    edit_front_matter(path, minutes=4)
    found = problems(course)
    assert len(found) == 1 and found[0].startswith("sentences: ") and found[0].endswith(" > 12"), found


def test_a_long_sentence_wrapped_over_lines_is_still_one_sentence(course):
    path = lesson(course)
    long = "Ana va a la feria con su hija\ny con su vecina y con su mamá\ny con su papá a vender pan.\n\n"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + long * 12, encoding="utf-8")
    edit_front_matter(path, minutes=4)
    found = problems(course)
    assert len(found) == 1 and found[0].startswith("sentences: "), found


def test_minutes_must_be_the_reading_time_at_90_words_a_minute(course):
    edit_front_matter(lesson(course), minutes=4)
    assert problems(course) == [f"minutes: 4, but {LESSON_WORDS} words at 90 a minute take 1"]


def test_declared_hours_must_match_the_study_time(course):
    path = course / "uno" / "module.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"hours: {HOURS}", "hours: 8"), encoding="utf-8")
    assert problems(course) == ["hours: module.yaml says 8, the study time adds up to 258 minutes = 4 h"]


def test_practice_and_sessions_count_in_the_hours(course):
    guide = course / "uno" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("minutes: 90", "minutes: 120"), encoding="utf-8")
    # 258 + 60 = 318 min: 5.3 h, rounded to 5
    assert problems(course) == ["hours: module.yaml says 4, the study time adds up to 318 minutes = 5 h"]


def test_a_guide_without_sessions_fails(course):
    guide = course / "uno" / "guide.md"
    guide.write_text("# Guía\n\nSin sesiones.\n", encoding="utf-8")
    assert problems(course) == [
        "guide.md has no centre sessions (front matter sessions:)",
        "hours: module.yaml says 4, the study time adds up to 78 minutes = 1 h",
    ]


def test_a_lesson_without_practice_fails(course):
    edit_front_matter(lesson(course), practice=None)
    assert problems(course) == ["no practice activity (front matter practice:)"]


def test_fewer_than_9_lessons_fails(tmp_path):
    write_module(tmp_path, lessons=8)
    found = problems(tmp_path)
    assert "8 lessons < 9" in found


@pytest.mark.parametrize("count", [5, 8])
def test_a_quiz_has_6_or_7_questions(course, count):
    extra = [{**QUESTION_LIST[4], "id": f"x{n}"} for n in range(count - 6)] if count > 6 else []
    set_questions(course, (QUESTION_LIST + extra)[:count])
    assert f"quiz has {count} questions, not 6–7" in problems(course)


def test_a_quiz_mixes_the_three_kinds(course):
    set_questions(course, [{**q, "id": f"t{n}"} for n, q in enumerate([QUESTION_LIST[4]] * 6)])
    assert "quiz has no multiple, single question" in problems(course)


@pytest.mark.parametrize("terms, ok", [(9, False), (10, True), (25, True), (26, False)])
def test_a_glossary_has_10_to_25_terms(course, terms, ok):
    glossary = {f"palabra {n}": "Un sentido corto." for n in range(terms)}
    (course / "uno" / "glossary.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    assert problems(course) == ([] if ok else [f"glossary.yaml has {terms} terms, not 10–25"])


def test_the_right_option_positions_are_reported_for_any_number_of_options(app, course):
    many = {**QUESTION_LIST[0], "choices": {f"o{n}": f"Opción {n:02d}." for n in range(10)}, "answer": "o9"}
    set_questions(course, [many] + QUESTION_LIST[1:])
    result = app.test_cli_runner().invoke(args=["content", "check", "--path", str(course)])
    assert result.exit_code == 0, result.output
    assert "right option at a 8, b 9, j 1" in result.output
