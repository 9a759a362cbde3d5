"""Readability on the honest syllable count: Fernández-Huerta, sentence length, unusual words."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from markdown_it import MarkdownIt

from learner.learning.readability import html_blocks, is_plain, measure, sentences, unusual_words


def test_fernandez_huerta_counts_hiatus_and_one_letter_syllables():
    # A-na a-ho-rra un dí-a: 4 words, 2 + 3 + 1 + 2 = 8 syllables, 1 sentence.
    # 206.84 − 60 × 8/4 − 1.02 × 4 = 82.76 (textstat counted 5 syllables: 127.76).
    measured = measure("Ana ahorra un día.")
    assert (measured.words, measured.syllables, measured.sentences) == (4, 8, 1)
    assert measured.fernandez_huerta == pytest.approx(82.76)


def test_numbers_are_words_and_syllables_as_read():
    # "Pagas veinte por ciento." pa-gas vein-te por cien-to: 4 words, 7 syllables
    measured = measure("Pagas 20 %.")
    assert (measured.words, measured.syllables) == (4, 7)


def test_sentence_length_is_words_per_sentence():
    measured = measure("Ana vende pan. Su hija la ayuda en la feria de los domingos.")
    assert measured.sentence_length == pytest.approx(13 / 2)


def test_sentences_end_at_punctuation_and_at_each_line():
    text = "## ¿Qué es?\n\n- Una app. Sirve para hablar.\n1. Abre la app\nCuesta 2.000 bolivianos… ¡Es caro!"
    assert sentences(text) == ["## ¿Qué es?", "- Una app.", "Sirve para hablar.", "Abre la app",
                               "Cuesta 2.000 bolivianos…", "¡Es caro!"]


def test_an_empty_text_scores_zero():
    assert measure("").fernandez_huerta == 0.0


def test_plain_words_match_without_accents_plural_or_mente():
    assert is_plain("casa") and is_plain("casas") and is_plain("Celular") and is_plain("celulares")
    assert is_plain("rápidamente") and is_plain("sólo")
    assert not is_plain("interoperabilidad")


def test_unusual_words_leave_out_names_and_initialisms():
    text = ("La interoperabilidad ayuda a doña Juana Quispe. Pide su PIN a la ASFI. Interoperabilidad. "
            "Juana paga.")
    assert unusual_words(text) == ("interoperabilidad",)


@given(st.text(max_size=300))
def test_any_text_is_measured_without_error(text):
    measured = measure(text)
    assert measured.syllables >= measured.words >= 0
    assert math.isfinite(measured.fernandez_huerta)


def test_a_paragraph_wrapped_over_lines_is_one_block():
    html = MarkdownIt("commonmark").render(
        "## Un título\n\nAna vende pan en la feria\ny toma pedidos por mensaje.\n\n"
        "- Un punto\n  que sigue aquí.\n\n> **Ejemplo.** La vecina pide pan\n> para el lunes.\n")
    assert html_blocks(html) == ["Un título", "Ana vende pan en la feria y toma pedidos por mensaje.",
                                 "Un punto que sigue aquí.", "Ejemplo. La vecina pide pan para el lunes."]
