"""Grading, the one place that decides a quiz score (used by the form and by sync)."""

from __future__ import annotations

from dataclasses import dataclass

from learner.learning.catalog import Question, Quiz


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    given: frozenset[str]
    correct: bool


@dataclass(frozen=True)
class Grade:
    score: int
    max_score: int
    passed: bool
    results: tuple[QuestionResult, ...]


def normalise(value: object) -> frozenset[str]:
    """An answer as sent (a choice id, a list of them, or nothing) as a set of choice ids."""
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, (list, tuple)):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


def grade(quiz: Quiz, answers: dict, pass_ratio: float = 0.7) -> Grade:
    """One point per question answered exactly right; unknown question ids are ignored."""
    results = tuple(
        QuestionResult(q, given := normalise(answers.get(q.id)), given == q.answer)
        for q in quiz.questions
    )
    score = sum(r.correct for r in results)
    max_score = len(results)
    return Grade(score, max_score, passes(score, max_score, pass_ratio), results)


def passes(score: int, max_score: int, pass_ratio: float) -> bool:
    # Rounded: 0.7 * 10 is 7.000000000000001 in floating point, and 7 of 10 must pass.
    return score >= round(pass_ratio * max_score, 9)
