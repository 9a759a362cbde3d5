"""Cues that let a learner pass a quiz without knowing the answer, found per question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from learner.learning.catalog import Question, Quiz

MAX_LONGEST_RIGHT = 0.40  # share of single-choice questions whose right option is strictly longest
MARK_ALL = "Marca todas las correctas."
ABSOLUTES = re.compile(r"\b(siempre|nunca|tod[oa]s?|nada|nadie|s[oó]lo|jam[aá]s|ningun[oa])\b", re.I)
REASONING = re.compile(r"\b(porque|ya que|por eso)\b", re.I)
# "¿Cuál NO…?", "¿Qué no…?"; and any "no" in a question where she marks every right option.
NEGATED = re.compile(r"\bNO\b|(?i:¿\s*(cu[aá]les?|qu[eé]|qui[eé]n(es)?|c[oó]mo|d[oó]nde)\s+no\b)")
ANY_NO = re.compile(r"\bno\b", re.I)


@dataclass(frozen=True)
class QuizCues:
    quiz: Quiz
    single: int  # single-choice questions
    longest_right: int  # of them, how many have the right option strictly longest
    positions: tuple[int, ...]  # for each single question, the 0-based position of the right option
    problems: tuple[str, ...]


def right_is_longest(question: Question) -> bool:
    right = [len(c.text.strip()) for c in question.choices if c.id in question.answer]
    wrong = [len(c.text.strip()) for c in question.choices if c.id not in question.answer]
    return bool(right and wrong) and right[0] > max(wrong)


def question_problems(q: Question) -> list[str]:
    problems = []
    if q.type == "truefalse":
        found = sorted({m.group(0).lower() for m in ABSOLUTES.finditer(q.text)})
        if found:
            problems.append(f"{q.id}: absolute word in a true/false statement ({', '.join(found)})")
        return problems
    if NEGATED.search(q.text):
        problems.append(f"{q.id}: negated question")
    elif q.type == "multiple" and ANY_NO.search(q.text):
        problems.append(f'{q.id}: negated question ("no" with "{MARK_ALL}")')
    reasoning = [c.id for c in q.choices if REASONING.search(c.text)]
    if reasoning:
        problems.append(f"{q.id}: reasoning inside option {', '.join(reasoning)} "
                        "(porque / ya que / por eso): put it in the explanation")
    marks = q.text.count(MARK_ALL)
    if q.type == "multiple" and (marks != 1 or not q.text.rstrip().endswith(MARK_ALL)):
        problems.append(f'{q.id}: a multiple-choice question ends with "{MARK_ALL}" once '
                        f"(found {marks})")
    if q.type == "single" and MARK_ALL.rstrip(".") in q.text:
        problems.append(f'{q.id}: "{MARK_ALL}" in a single-choice question')
    return problems


def quiz_cues(quiz: Quiz) -> QuizCues:
    single = [q for q in quiz.questions if q.type == "single"]
    positions = tuple(next(i for i, c in enumerate(q.choices) if c.id in q.answer) for q in single)
    problems = tuple(p for q in quiz.questions for p in question_problems(q))
    return QuizCues(quiz, len(single), sum(map(right_is_longest, single)), positions, problems)


def longest_right_problem(where: str, cues: list[QuizCues]) -> str | None:
    """The 40 % rule over a set of quizzes (a module, the course), or None if it holds."""
    single = sum(c.single for c in cues)
    longest = sum(c.longest_right for c in cues)
    if single and longest / single > MAX_LONGEST_RIGHT:
        return (f"{where}: the right option is strictly the longest in {longest} of {single} "
                f"single-choice questions ({longest / single:.0%}) > {MAX_LONGEST_RIGHT:.0%}")
    return None
