"""A small course that meets every content rule, written to a folder for tests to break."""

from __future__ import annotations

from pathlib import Path

import yaml

LESSONS = 9
LESSON_WORDS = 59  # body and remember as written, below: one minute at 90 words a minute
PRACTICE_MINUTES = 2
QUESTIONS = 6
SESSION_MINUTES = (90, 90)
# 9 × 59 / 90 = 5.9 min reading + 9 × 2 practice + 9 × 6 quiz + 180 centre = 257.9 min ≈ 4 h
HOURS = 4

BODY = """Ana vende pan en la feria. Ella usa su celular para tomar pedidos.

## Un pedido

Su vecina le pide pan por mensaje. Ana lee el mensaje con calma.

> **Ejemplo.** La vecina pide diez panes para el lunes. Ana anota el pedido en su cuaderno. Le
> contesta que sí.
"""
REMEMBER = ["Lee el pedido con calma.", "Anota cada pedido en tu cuaderno."]
PRACTICE = {
    "kind": "order_steps", "title": "Ordena los pasos", "intro": "Pon los pasos en orden.",
    "minutes": PRACTICE_MINUTES,
    "steps": ["Lee el mensaje.", "Anota el pedido.", "Contesta a tu vecina."],
}
QUESTION_LIST = [
    {"id": "q1", "type": "single", "text": "¿Dónde anota Ana sus pedidos?",
     "choices": {"a": "En su cuaderno.", "b": "En la pared de la casa.", "c": "En una hoja suelta."},
     "answer": "a", "explanation": "Ana anota cada pedido en su cuaderno."},
    {"id": "q2", "type": "single", "text": "¿Qué vende Ana?",
     "choices": {"a": "Queso fresco.", "b": "Pan.", "c": "Fruta de temporada."},
     "answer": "b", "explanation": "Ana vende pan en la feria."},
    {"id": "q3", "type": "multiple", "text": "¿Qué hace Ana con un pedido? Marca todas las correctas.",
     "choices": {"a": "Lo lee con calma.", "b": "Lo anota.", "c": "Lo borra sin leer."},
     "answer": ["a", "b"], "explanation": "Ana lee y anota cada pedido."},
    {"id": "q4", "type": "multiple", "text": "¿Cómo le llegan los pedidos? Marca todas las correctas.",
     "choices": {"a": "Por mensaje.", "b": "En la feria.", "c": "Por carta certificada."},
     "answer": ["a", "b"], "explanation": "Los pedidos llegan por mensaje y en la feria."},
    {"id": "q5", "type": "truefalse", "text": "Ana usa su celular para tomar pedidos.",
     "answer": True, "explanation": "Ella toma pedidos con su celular."},
    {"id": "q6", "type": "truefalse", "text": "La vecina pide queso.",
     "answer": False, "explanation": "La vecina pide pan."},
]
GLOSSARY = {f"palabra {n}": "Una explicación corta y clara." for n in range(1, 11)}


def front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def write_module(root: Path, slug: str = "uno", order: int = 1, lessons: int = LESSONS,
                 questions: list[dict] | None = None) -> Path:
    """A module that passes `flask content check`; returns its folder."""
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / "module.yaml").write_text(yaml.safe_dump(
        {"title": f"Módulo {slug}", "title_en": f"Module {slug}", "summary": "Un módulo de prueba.",
         "order": order, "hours": HOURS}, allow_unicode=True), encoding="utf-8")
    for number in range(1, lessons + 1):
        meta = {"title": f"Lección {number}", "summary": "Una lección corta.", "minutes": 1,
                "remember": REMEMBER, "practice": PRACTICE}
        (folder / f"{number:02d}-leccion-{number}.md").write_text(front_matter(meta, BODY), encoding="utf-8")
        (folder / f"{number:02d}-leccion-{number}.quiz.yaml").write_text(
            yaml.safe_dump({"questions": questions or QUESTION_LIST}, allow_unicode=True), encoding="utf-8")
    sessions = [{"title": f"Sesión {n}", "minutes": m} for n, m in enumerate(SESSION_MINUTES, 1)]
    (folder / "guide.md").write_text(
        front_matter({"sessions": sessions}, "# Guía para la facilitadora\n\nLee con el grupo.\n"),
        encoding="utf-8")
    (folder / "glossary.yaml").write_text(yaml.safe_dump(GLOSSARY, allow_unicode=True), encoding="utf-8")
    return folder


def edit_front_matter(path: Path, **changes) -> None:
    """Change keys of a lesson's front matter (None removes the key)."""
    _, meta_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(meta_text)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    path.write_text(front_matter(meta, body), encoding="utf-8")
