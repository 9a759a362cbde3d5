"""The syllabifier against words split by hand following the RAE's Ortografía (2010)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learner.learning.syllables import count_syllables, number_words, spoken_words, syllabify

# Each word split by hand, one group per rule; the syllabifier must agree with every one.
HAND_CHECKED = {
    "one consonant between vowels opens the next syllable; one vowel alone is a syllable": [
        "ca-sa", "u-na", "a-mi-ga", "e-so", "ce-lu-lar", "o-be-de-cer", "a-re-na", "i-de-a",
    ],
    "two consonants split, unless they are an inseparable cluster": [
        "con-tra-se-ña", "in-ter-net", "ven-ta", "al-re-de-dor", "hon-ra", "is-ra-el",
        "at-le-ta", "ac-ción", "e-xa-men", "ta-xi", "en-re-do",
    ],
    "inseparable clusters pr pl br bl fr fl tr dr cr cl gr gl": [
        "a-pren-der", "tem-plo", "li-bro", "ha-bla", "Á-fri-ca", "a-fli-gi-do", "o-tro",
        "pa-dre", "se-cre-to", "re-cla-mo", "a-gra-de-cer", "i-gle-sia", "em-ple-o", "co-bre",
    ],
    "three or four consonants": [
        "ins-tan-te", "obs-tá-cu-lo", "trans-por-te", "ins-tru-men-to", "abs-trac-to",
        "pers-pec-ti-va", "cons-truir", "in-glés", "com-pra",
    ],
    "ch ll rr are one consonant": [
        "mu-cho", "co-che", "ca-lle", "po-llo", "pe-rro", "ca-rro", "chi-cha", "lle-gar",
        "ho-rri-ble",
    ],
    "diphthongs: a weak vowel (i, u) with a strong one, or two weak vowels": [
        "cau-sa", "pei-ne", "deu-da", "bue-no", "tie-rra", "ciu-dad", "cui-da-do", "a-gua",
        "a-cei-te", "via-je", "seis", "bai-le", "res-pues-ta", "ca-mión", "an-ti-guo",
        "je-sui-ta", "flui-do", "vein-te",
    ],
    "hiatus: two strong vowels": [
        "le-er", "cre-er", "po-e-ta", "te-a-tro", "ca-er", "o-es-te", "re-al", "pe-le-a",
        "ca-no-a", "a-é-re-o", "po-se-er",
    ],
    "hiatus: accented í or ú next to a strong vowel": [
        "dí-a", "ba-úl", "pa-ís", "rí-o", "re-ír", "o-í-do", "ma-íz", "ra-íz", "grú-a",
        "ac-tú-a", "te-ní-a", "le-í-do", "lí-ne-a",
    ],
    "two equal weak vowels are a hiatus": ["chi-i-ta"],
    "triphthongs": ["buey", "U-ru-guay", "es-tu-diáis", "a-ve-ri-guáis", "lim-piéis", "miau"],
    "h between vowels: no obstacle to a diphthong, none to a hiatus either": [
        "a-ho-rro", "pro-hí-be", "bú-ho", "al-co-hol", "za-na-ho-ria", "re-hú-sa", "ve-hí-cu-lo",
        "co-he-te", "mo-ho", "ahu-ma-do", "prohi-bir", "ahi-ja-do", "ca-ca-hue-te", "re-huir",
        "des-ha-cer", "in-hu-ma-no", "hue-vo", "hie-lo",
    ],
    "y is a vowel at the end of a word, a consonant before a vowel": [
        "hoy", "muy", "rey", "ley", "hay", "es-toy", "y", "ma-yo", "ya", "re-yes", "a-yu-da",
        "pla-ya",
    ],
    "ü is heard and counts as a weak vowel": [
        "pin-güi-no", "a-güe-ro", "ver-güen-za", "ci-güe-ña", "de-sa-güe", "lin-güís-ti-ca",
    ],
    "qu and gu before e, i: the u is silent": [
        "que-so", "quie-ro", "pe-que-ño", "gue-rra", "gui-ta-rra", "guí-a", "al-guien",
        "se-guir", "guion", "guan-te",
    ],
}
WORDS = [w for group in HAND_CHECKED.values() for w in group]


def test_the_hand_checked_list_covers_every_rule_with_80_words_or_more():
    assert len(WORDS) >= 80
    assert len(set(WORDS)) == len(WORDS)


@pytest.mark.parametrize("expected", WORDS)
def test_syllables_follow_the_rae(expected):
    word = expected.replace("-", "")
    assert "-".join(syllabify(word)) == expected
    assert count_syllables(word) == expected.count("-") + 1


def test_capitals_keep_their_letters():
    assert syllabify("AHORRO") == ["A", "HO", "RRO"]


@pytest.mark.parametrize("written, said", [
    ("20", "veinte"),
    ("2.000", "dos mil"),
    ("1.200", "mil doscientos"),
    ("21", "veintiuno"),
    ("2,5", "dos coma cinco"),
    ("591", "quinientos noventa y uno"),
])
def test_numbers_are_read_as_words(written, said):
    assert number_words(written) == said


@pytest.mark.parametrize("text, said", [
    ("el 20 %", "el veinte por ciento"),
    ("Bs 15", "bolivianos quince"),
    ("un SMS", "un ese eme ese"),
    ("el código QR", "el código cu erre"),
    ("2.000 MB", "dos mil megas"),
    ("la ASFI", "la asfi"),
])
def test_text_is_counted_as_read_aloud(text, said):
    assert spoken_words(text) == said.split()


def test_numbers_count_every_syllable():
    # "veinte por ciento": vein-te por cien-to; textstat counted "20" as one syllable.
    assert sum(count_syllables(w) for w in spoken_words("20 %")) == 5
    assert sum(count_syllables(w) for w in spoken_words("2.000")) == 2


def test_a_very_long_number_is_read_digit_by_digit():
    # Past 15 digits it is a code, not a quantity (and num2words stops at 10^27).
    assert spoken_words("1" * 40) == ["uno"] * 40


@given(st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóúüABCÑÁ", min_size=1, max_size=20))
def test_syllables_put_together_give_back_the_word(word):
    parts = syllabify(word)
    assert "".join(parts) == word
    assert all(parts)


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=20))
def test_any_letters_split_into_pieces_of_the_word(word):
    parts = syllabify(word)
    assert "".join(parts) in (word, word.lower())


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text):
    words = spoken_words(text)
    assert all(count_syllables(w) >= 1 for w in words)
