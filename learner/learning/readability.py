"""How easy a Spanish text is to read: Fernández-Huerta on an honest syllable count, sentence
length, and the words outside a list of plain everyday words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from learner.learning.syllables import TOKEN, spoken_words, text_syllables

PLAIN_WORDS_FILE = Path(__file__).parent / "data" / "palabras_sencillas.txt"
# A sentence ends at . ! ? … followed by a space or the end of the line ("2.000" does not end one).
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LIST_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


@dataclass(frozen=True)
class Readability:
    words: int  # as read aloud: "2.000" is two words, "dos mil"
    sentences: int
    syllables: int
    unusual: tuple[str, ...]  # distinct words outside the plain-words list, in order of appearance

    @property
    def fernandez_huerta(self) -> float:
        """206.84 − 60 × syllables per word − 1.02 × words per sentence (Law's correction)."""
        if not self.words:
            return 0.0
        return 206.84 - 60 * self.syllables / self.words - 1.02 * self.sentence_length

    @property
    def sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag) -> None:
        if tag in BLOCKS:
            self.flush()

    def flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []


def html_blocks(html: str) -> list[str]:
    """The text of each paragraph, list item and heading of rendered Markdown, one line each
    (a paragraph wrapped over several lines of the source is still one paragraph)."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def sentences(text: str) -> list[str]:
    """Sentences of a plain text; every line (a heading, a list item) ends one too."""
    out = []
    for line in text.splitlines():
        line = LIST_NUMBER.sub("", line)
        out += [s for s in SENTENCE_END.split(line.strip()) if TOKEN.search(s)]
    return out


def measure(text: str) -> Readability:
    parts = sentences(text)
    words = [w for s in parts for w in spoken_words(s)]
    return Readability(len(words), len(parts), text_syllables(words), unusual_words(text))


def written_words(text: str) -> list[str]:
    """Words as written (a number is one word): for reading time."""
    return TOKEN.findall(text.replace("%", ""))


@cache
def plain_words() -> frozenset[str]:
    lines = PLAIN_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(w.strip().lower()) for w in lines if w.strip() and not w.startswith("#"))


def _fold(word: str) -> str:
    """Without accents, so "esta"/"está" and "solo"/"sólo" match the same entry."""
    return unicodedata.normalize("NFD", word).encode("ascii", "ignore").decode() or word


def is_plain(word: str) -> bool:
    known = plain_words()
    word = word.lower()
    candidates = {word, word.removesuffix("s"), word.removesuffix("es")}
    if word.endswith("mente"):
        candidates.add(word[:-5])  # rápidamente → rápida
    return any(_fold(c) in known for c in candidates)


def unusual_words(text: str) -> tuple[str, ...]:
    """Words outside the list; initialisms and names (capitalised inside a sentence) are left out."""
    tokens = [(i, t) for sentence in sentences(text) for i, t in enumerate(TOKEN.findall(sentence))]
    names = {t for i, t in tokens if i > 0 and t[:1].isupper()}
    seen: dict[str, None] = {}
    for index, token in tokens:
        word = token.lower()
        if not word[0].isalpha() or len(word) == 1 or token.isupper() or token in names:
            continue
        if (index == 0 or token == word) and not is_plain(word):
            seen.setdefault(word, None)
    return tuple(seen)
