"""The content rules beyond loading: readability, quizzes that measure learning, true hours."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from learner.learning.catalog import Catalog, Lesson, Module
from learner.learning.quiz_cues import QuizCues, longest_right_problem, quiz_cues
from learner.learning.readability import Readability, html_blocks, measure, written_words

MIN_READABILITY = 70  # Fernández-Huerta: 70 and up reads as "bastante fácil" or easier
MAX_SENTENCE_WORDS = 12  # average words per sentence in a lesson
MAX_WORDS = 700
MIN_QUESTIONS, MAX_QUESTIONS = 6, 7
MIN_LESSONS = 9
MIN_GLOSSARY, MAX_GLOSSARY = 10, 25
MAX_SVG_BYTES = 4096
READING_WPM = 90  # a slow reader: the hours on a certificate must hold for her
QUIZ_MINUTES_PER_QUESTION = 1
SHOWN_UNUSUAL = 12


@dataclass(frozen=True)
class LessonReport:
    lesson: Lesson
    words: int  # as written, body and "remember": for the reading time
    readability: Readability
    cues: QuizCues
    problems: tuple[str, ...]

    @property
    def reading_minutes(self) -> float:
        return self.words / READING_WPM


@dataclass(frozen=True)
class Hours:
    reading: float  # minutes, all lessons at READING_WPM
    practice: int
    quizzes: int
    sessions: int  # the trainer guide's centre sessions

    @property
    def total_minutes(self) -> float:
        return self.reading + self.practice + self.quizzes + self.sessions

    @property
    def hours(self) -> int:
        return math.floor(self.total_minutes / 60 + 0.5)  # to the nearest hour, halves up


@dataclass(frozen=True)
class ModuleReport:
    module: Module
    lessons: tuple[LessonReport, ...]
    hours: Hours
    positions: Counter  # where the right option of single-choice questions sits: a, b, c, d
    problems: tuple[str, ...]  # the module's own, not its lessons'


@dataclass(frozen=True)
class CourseReport:
    modules: tuple[ModuleReport, ...]
    problems: tuple[str, ...]  # the course's own

    @property
    def lessons(self) -> tuple[LessonReport, ...]:
        return tuple(r for m in self.modules for r in m.lessons)

    @property
    def failures(self) -> int:
        """Every broken rule, counted once: lessons', modules' and the course's."""
        return (len(self.problems) + sum(len(m.problems) for m in self.modules)
                + sum(len(r.problems) for r in self.lessons))


def lesson_text(lesson: Lesson) -> str:
    """What she reads: the body's paragraphs, list items and headings, then the remember points."""
    return "\n".join(html_blocks(lesson.body_html) + list(lesson.remember))


def check_lesson(lesson: Lesson, directory) -> LessonReport:
    text = lesson_text(lesson)
    measured = measure(text)
    words = len(written_words(text))
    cues = quiz_cues(lesson.quiz)
    problems = []
    if measured.fernandez_huerta < MIN_READABILITY:
        problems.append(f"readability: Fernández-Huerta {measured.fernandez_huerta:.1f} < {MIN_READABILITY}")
    if measured.sentence_length > MAX_SENTENCE_WORDS:
        problems.append(f"sentences: {measured.sentence_length:.1f} words on average > {MAX_SENTENCE_WORDS}")
    if lesson.word_count > MAX_WORDS:
        problems.append(f"{lesson.word_count} words > {MAX_WORDS}")
    expected_minutes = math.ceil(words / READING_WPM)
    if lesson.minutes != expected_minutes:
        problems.append(f"minutes: {lesson.minutes}, but {words} words at {READING_WPM} a minute "
                        f"take {expected_minutes}")
    questions = lesson.quiz.questions
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        problems.append(f"quiz has {len(questions)} questions, not {MIN_QUESTIONS}–{MAX_QUESTIONS}")
    missing = {"single", "multiple", "truefalse"} - {q.type for q in questions}
    if missing:
        problems.append(f"quiz has no {', '.join(sorted(missing))} question")
    problems += [f"quiz {p}" for p in cues.problems]
    if lesson.practice is None:
        problems.append("no practice activity (front matter practice:)")
    if lesson.illustration:
        size = (directory / "img" / lesson.illustration.file).stat().st_size
        if size > MAX_SVG_BYTES:
            problems.append(f"img/{lesson.illustration.file} is {size} bytes > {MAX_SVG_BYTES}")
    return LessonReport(lesson, words, measured, cues, tuple(problems))


def module_hours(module: Module, lessons: tuple[LessonReport, ...]) -> Hours:
    return Hours(
        reading=sum(r.reading_minutes for r in lessons),
        practice=sum(r.lesson.practice.minutes for r in lessons if r.lesson.practice),
        quizzes=sum(len(r.lesson.quiz.questions) for r in lessons) * QUIZ_MINUTES_PER_QUESTION,
        sessions=sum(s.minutes for s in module.sessions),
    )


def check_module(module: Module) -> ModuleReport:
    lessons = tuple(check_lesson(lesson, module.directory) for lesson in module.lessons)
    hours = module_hours(module, lessons)
    problems = []
    if len(lessons) < MIN_LESSONS:
        problems.append(f"{len(lessons)} lessons < {MIN_LESSONS}")
    longest = longest_right_problem("quizzes", [r.cues for r in lessons])
    if longest:
        problems.append(longest)
    if not module.sessions:
        problems.append("guide.md has no centre sessions (front matter sessions:)")
    if module.hours != hours.hours:
        problems.append(f"hours: module.yaml says {module.hours}, the study time adds up to "
                        f"{hours.total_minutes:.0f} minutes = {hours.hours} h")
    if not MIN_GLOSSARY <= len(module.glossary) <= MAX_GLOSSARY:
        problems.append(f"glossary.yaml has {len(module.glossary)} terms, not {MIN_GLOSSARY}–{MAX_GLOSSARY}")
    positions = Counter(chr(ord("a") + p) for r in lessons for p in r.cues.positions)
    return ModuleReport(module, lessons, hours, positions, tuple(problems))


def check_catalog(catalog: Catalog) -> CourseReport:
    modules = tuple(check_module(m) for m in catalog.modules)
    longest = longest_right_problem("course", [r.cues for m in modules for r in m.lessons])
    return CourseReport(modules, (longest,) if longest else ())


def format_report(report: CourseReport) -> list[str]:
    """The report `flask content check` prints: per lesson, per quiz, per module, for the course."""
    lines = []
    for m in report.modules:
        lines.append(f"== {m.module.slug}: {m.module.title} ({len(m.lessons)} lessons)")
        for r in m.lessons:
            lines += _lesson_lines(r)
        lines += _module_lines(m)
    single = sum(r.cues.single for r in report.lessons)
    longest = sum(r.cues.longest_right for r in report.lessons)
    lines.append(f"== course: right option strictly longest in {longest} of {single} "
                 f"single-choice questions ({longest / single if single else 0:.0%})")
    lines += [f"BAD {p}" for p in report.problems]
    return lines


def _lesson_lines(r: LessonReport) -> list[str]:
    m, c = r.readability, r.cues
    unusual = ", ".join(m.unusual[:SHOWN_UNUSUAL]) + (", …" if len(m.unusual) > SHOWN_UNUSUAL else "")
    lines = [
        f"{'BAD' if r.problems else 'ok '} {r.lesson.id}: {r.words} words, Fernández-Huerta "
        f"{m.fernandez_huerta:.1f}, {m.sentence_length:.1f} words a sentence, "
        f"{len(m.unusual)} unusual words",
        f"    quiz: {len(r.lesson.quiz.questions)} questions, right option strictly longest in "
        f"{c.longest_right} of {c.single} single-choice",
    ]
    if m.unusual:
        lines.append(f"    unusual: {unusual}")
    return lines + [f"    - {p}" for p in r.problems]


def _module_lines(m: ModuleReport) -> list[str]:
    h = m.hours
    single = sum(r.cues.single for r in m.lessons)
    longest = sum(r.cues.longest_right for r in m.lessons)
    positions = ", ".join(f"{k} {v}" for k, v in sorted(m.positions.items()))
    lines = [
        f"  {m.module.slug} quizzes: right option strictly longest in {longest} of {single} "
        f"single-choice ({longest / single if single else 0:.0%}); right option at {positions or '-'}",
        f"  {m.module.slug} hours: reading {h.reading:.0f} min (at {READING_WPM} words a minute) + "
        f"practice {h.practice} min + quizzes {h.quizzes} min + centre {h.sessions} min "
        f"({len(m.module.sessions)} sessions) = {h.total_minutes:.0f} min ≈ {h.hours} h; "
        f"module.yaml says {m.module.hours} h",
    ]
    return lines + [f"  BAD {m.module.slug}: {p}" for p in m.problems]
