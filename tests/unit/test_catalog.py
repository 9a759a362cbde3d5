import shutil
from pathlib import Path

import pytest

from learner.learning.catalog import CONTENT_DIR, ContentError, load_catalog


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


def test_shipped_content_passes_the_check(app):
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


def test_the_check_reports_every_shipped_lesson_quiz_and_module(app):
    """Whatever the content's state, the report covers all of it (no crash on real files)."""
    catalog = load_catalog()
    output = app.test_cli_runner().invoke(args=["content", "check"]).output
    for module in catalog.modules:
        assert f"  {module.slug} hours: reading " in output
        assert f"  {module.slug} quizzes: right option strictly longest in " in output
        for lesson in module.lessons:
            assert f" {lesson.id}: " in output
    assert "== course: right option strictly longest in " in output
