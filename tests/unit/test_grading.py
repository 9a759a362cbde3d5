from learner.learning.catalog import Choice, Question, Quiz
from learner.learning.grading import grade


def question(qid, kind, answer, choices=("a", "b", "c")):
    return Question(qid, kind, "¿?", tuple(Choice(c, c) for c in choices), frozenset(answer), "Porque sí.")


QUIZ = Quiz("m/l", (
    question("q1", "single", {"b"}),
    question("q2", "multiple", {"a", "c"}),
    question("q3", "truefalse", {"false"}, choices=("true", "false")),
))


def test_all_right_scores_full_and_passes():
    result = grade(QUIZ, {"q1": "b", "q2": ["c", "a"], "q3": "false"})
    assert (result.score, result.max_score, result.passed) == (3, 3, True)


def test_multiple_choice_needs_exactly_the_right_set():
    assert grade(QUIZ, {"q2": ["a"]}).results[1].correct is False
    assert grade(QUIZ, {"q2": ["a", "b", "c"]}).results[1].correct is False
    assert grade(QUIZ, {"q2": ["a", "c"]}).results[1].correct is True


def test_missing_unknown_and_malformed_answers_score_nothing():
    result = grade(QUIZ, {"q9": "a", "q1": 7, "q2": {"a": 1}})
    assert result.score == 0
    assert not result.passed


def test_pass_mark_is_seventy_percent_by_default():
    assert grade(QUIZ, {"q1": "b", "q2": ["a", "c"]}).passed is False  # 2/3 = 67 %
    assert grade(QUIZ, {"q1": "b", "q2": ["a", "c"]}, pass_ratio=0.6).passed is True


def test_exactly_seventy_percent_passes_despite_floating_point():
    ten = Quiz("m/ten", tuple(question(f"q{i}", "single", {"a"}) for i in range(10)))
    answers = {f"q{i}": "a" for i in range(7)}
    assert grade(ten, answers).passed is True
