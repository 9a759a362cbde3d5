"""The content rules beyond loading: readability, length, quiz size, illustrations."""

from __future__ import annotations

from dataclasses import dataclass

import textstat

from learner.learning.catalog import Catalog, Lesson

MIN_READABILITY = 70  # Fernández-Huerta: 70 and up reads as "bastante fácil" or easier
MAX_WORDS = 700
MIN_QUESTIONS = 5
MAX_SVG_BYTES = 4096


@dataclass(frozen=True)
class LessonReport:
    lesson: Lesson
    words: int
    readability: float
    problems: tuple[str, ...]


def readability(lesson: Lesson) -> float:
    textstat.set_lang("es")
    return textstat.fernandez_huerta(lesson.plain_text + "\n" + "\n".join(lesson.remember))


def check_lesson(lesson: Lesson, directory) -> LessonReport:
    problems = []
    score = readability(lesson)
    if score < MIN_READABILITY:
        problems.append(f"readability {score} < {MIN_READABILITY}")
    if lesson.word_count > MAX_WORDS:
        problems.append(f"{lesson.word_count} words > {MAX_WORDS}")
    if len(lesson.quiz.questions) < MIN_QUESTIONS:
        problems.append(f"quiz has {len(lesson.quiz.questions)} questions < {MIN_QUESTIONS}")
    if lesson.illustration:
        size = (directory / "img" / lesson.illustration.file).stat().st_size
        if size > MAX_SVG_BYTES:
            problems.append(f"img/{lesson.illustration.file} is {size} bytes > {MAX_SVG_BYTES}")
    return LessonReport(lesson, lesson.word_count, score, tuple(problems))


def check_catalog(catalog: Catalog) -> list[LessonReport]:
    return [check_lesson(lesson, m.directory) for m in catalog.modules for lesson in m.lessons]
