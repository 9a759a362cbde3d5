"""The scoring rules and the small parsers: pure, no database."""

from learner.programme import applications as scholarships
from learner.programme.activation import code_digest, new_activation_code, normalise_code
from learner.common.codes import ALPHABET

RIGHT = {"search": "search_engine", "whatsapp": "internet", "prize": "ignore"}


def test_full_commitment_right_answers_and_email_score_100():
    score, flags = scholarships.score_application(5, RIGHT, True, "own_phone", scholarships.rules())
    assert (score, flags) == (100, [])


def test_each_rule_counts_and_flags_what_staff_should_know():
    score, flags = scholarships.score_application(
        1, {"search": "search_engine", "whatsapp": "dont_know", "prize": "send"}, False,
        "shared_phone", scholarships.rules())
    assert score == 10 + 10 + 0  # under 2 hours: 10; one right answer: 10; no e-mail: 0
    assert flags == ["no_email", "few_hours", "low_self_check", "no_own_phone"]


def test_hours_thresholds_take_the_first_reached():
    rules = scholarships.rules()
    points = [scholarships.score_application(h, {}, False, "own_phone", rules)[0] for h in (1, 2, 5)]
    assert points == [10, 30, 50]


def test_rules_are_configurable():
    rules = scholarships.rules({"email_points": 0, "self_check_points": 20})
    assert scholarships.score_application(5, RIGHT, True, "own_phone", rules)[0] == 50 + 60


def test_bolivian_mobile_numbers_are_normalised_and_others_refused():
    assert scholarships.normalise_phone("712 34 567") == "59171234567"
    assert scholarships.normalise_phone("+591 6-123-4567") == "59161234567"
    assert scholarships.normalise_phone("59171234567") == "59171234567"
    for bad in ("", "1234567", "22123456", "7123456789", "abc"):
        assert scholarships.normalise_phone(bad) is None


def test_references_are_readable_and_normalised():
    ref = scholarships.new_reference()
    assert len(ref) == 9 and ref[4] == "-" and all(c in ALPHABET for c in ref.replace("-", ""))
    assert scholarships.normalise_reference(ref.lower().replace("-", " ")) == ref
    assert scholarships.normalise_reference("ABC") == ""


def test_activation_codes_have_ten_letters_and_a_keyed_hash():
    code = new_activation_code()
    clean = normalise_code(code)
    assert len(clean) == 10 and all(c in ALPHABET for c in clean)
    assert code_digest(code.lower(), "k1") == code_digest(clean, "k1") != code_digest(clean, "k2")
