import shutil
from pathlib import Path

import pytest

from learner.learning.catalog import CONTENT_DIR, ContentError, load_catalog
from learner.learning.content_check import MAX_WORDS, MIN_QUESTIONS, MIN_READABILITY, check_catalog


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of one shipped module, to break on purpose."""
    shutil.copytree(CONTENT_DIR / "conectate", tmp_path / "conectate")
    return tmp_path


def lesson_file(content: Path) -> Path:
    return sorted((content / "conectate").glob("01-*.md"))[0]


def test_shipped_content_loads_three_modules_in_order():
    catalog = load_catalog()
    assert [m.slug for m in catalog.modules] == ["conectate", "ciberseguridad", "emprendimiento"]
    assert all(len(m.lessons) >= 6 for m in catalog.modules)


def test_every_shipped_lesson_meets_the_rules():
    reports = check_catalog(load_catalog())
    assert [r.lesson.id for r in reports if r.problems] == []
    for report in reports:
        assert report.readability >= MIN_READABILITY
        assert report.words <= MAX_WORDS
        assert len(report.lesson.quiz.questions) >= MIN_QUESTIONS
        assert all(q.explanation.strip() for q in report.lesson.quiz.questions)
        if report.lesson.illustration:
            assert report.lesson.illustration.alt.strip()
        types = {q.type for q in report.lesson.quiz.questions}
        assert types == {"single", "multiple", "truefalse"}, report.lesson.id


def test_content_version_changes_when_a_file_changes(content):
    before = load_catalog(content).module("conectate").version
    path = lesson_file(content)
    path.write_text(path.read_text() + "\nUn párrafo más.\n")
    assert load_catalog(content).module("conectate").version != before


@pytest.mark.parametrize("breakage, field", [
    (lambda t: t.replace("title:", "titulo:", 1), "title"),
    (lambda t: t.replace("remember:", "recuerda:", 1), "remember"),
    (lambda t: t.replace("\n>", "\n", 5), "body"),
    (lambda t: t + "\n<script>alert(1)</script>\n", "body"),
    (lambda t: t.replace("---", "", 1), "front matter"),
])
def test_a_broken_lesson_names_file_and_field(content, breakage, field):
    path = lesson_file(content)
    path.write_text(breakage(path.read_text()))
    with pytest.raises(ContentError) as error:
        load_catalog(content)
    assert error.value.field == field
    assert error.value.path == path


def quiz_file(content: Path) -> Path:
    return sorted((content / "conectate").glob("01-*.quiz.yaml"))[0]


@pytest.mark.parametrize("breakage, suffix", [
    (lambda t: t.replace("type: single", "type: essay", 1), ".type"),
    (lambda t: t.replace("explanation:", "explicacion:", 1), ".explanation"),
    (lambda t: t.replace("answer:", "answer: zz #", 1), ".answer"),
])
def test_a_broken_quiz_names_file_and_field(content, breakage, suffix):
    path = quiz_file(content)
    path.write_text(breakage(path.read_text()))
    with pytest.raises(ContentError) as error:
        load_catalog(content)
    assert error.value.path == path
    assert error.value.field.startswith("questions[") and error.value.field.endswith(suffix)


def test_cli_content_check_passes_and_prints_scores(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Fernández-Huerta" in result.output
    assert "conectate/tu-celular" in result.output


def test_cli_content_check_fails_clearly_on_a_broken_file(app, content):
    path = quiz_file(content)
    path.write_text(path.read_text().replace("explanation:", "explicacion:", 1))
    result = app.test_cli_runner().invoke(args=["content", "check", "--path", str(content)])
    assert result.exit_code != 0
    assert path.name in result.output and "explanation" in result.output


def test_cli_content_check_reports_hard_lessons(app, content):
    path = lesson_file(content)
    text = path.read_text()
    hard = ("La interoperabilidad tecnológica contemporánea, caracterizada por arquitecturas "
            "descentralizadas, heterogéneas y extraordinariamente complejas, imposibilita "
            "comprensiones inmediatas. ") * 8
    path.write_text(text + "\n" + hard + "\n")
    result = app.test_cli_runner().invoke(args=["content", "check", "--path", str(content)])
    assert result.exit_code != 0
    assert "readability" in result.output

