"""Spanish syllables by the RAE's orthographic rules, and text read aloud (numbers as words)."""

from __future__ import annotations

import re

from num2words import num2words

STRONG = set("aeoáéó")
ACCENTED_WEAK = set("íú")
WEAK = set("iuü")
VOWELS = STRONG | ACCENTED_WEAK | WEAK
# Two consonants that always start a syllable together (RAE: pr, pl, br, bl, fr, fl, tr, dr, cr, cl,
# gr, gl; k for loanwords). "tl" is split (at-las), as in most of Spain and Bolivia.
CLUSTERS = {a + b for a in "pbfcgk" for b in "rl"} | {"tr", "dr"}
LETTER_NAMES = {
    "b": "be", "c": "ce", "d": "de", "f": "efe", "g": "ge", "h": "hache", "j": "jota", "k": "ka",
    "l": "ele", "m": "eme", "n": "ene", "ñ": "eñe", "p": "pe", "q": "cu", "r": "erre", "s": "ese",
    "t": "te", "v": "uve", "w": "doble uve", "x": "equis", "y": "ye", "z": "zeta",
}
# Words the text writes one way and a Bolivian reader says another way.
SPOKEN = {
    "bs": "bolivianos", "%": "por ciento", "etc": "etcétera", "facebook": "feisbuk",
    "google": "gugle", "youtube": "yutub", "gmail": "yimeil", "email": "imeil",
    "whatsapp": "guatsap", "business": "bisnes", "play": "plei", "store": "estor",
    "mb": "megas", "gb": "gigas", "iphone": "aifon", "online": "onlain",
}
TOKEN = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?|%|[^\W\d_]+")
MAX_DIGITS = 15  # num2words reads up to 10^27; a longer run of digits is no quantity
_UNIT = re.compile(r"ch|ll|rr|qu|gu(?=[eéií])|.", re.S)


def number_words(token: str) -> str:
    """A number as written in Spanish ("2.000", "2,5", "20") as a reader says it."""
    whole, _, decimals = token.replace(".", "").partition(",")
    if len(whole) > MAX_DIGITS:  # a code or an account number: read digit by digit
        return " ".join(num2words(int(d), lang="es") for d in whole + decimals)
    words = num2words(int(whole), lang="es")
    if decimals:
        words += " coma " + num2words(int(decimals[:MAX_DIGITS]), lang="es")
    return words


def spoken_words(text: str) -> list[str]:
    """The words of a text as read aloud: numbers, "%", "Bs" and initialisms spelt out."""
    words = []
    for token in TOKEN.findall(text):
        lower = token.lower()
        if token[0] in "0123456789":
            words += number_words(token).split()
        elif lower in SPOKEN:
            words += SPOKEN[lower].split()
        elif len(token) > 1 and not any(ch in VOWELS | {"y"} for ch in lower):
            words += " ".join(LETTER_NAMES.get(ch, ch) for ch in lower).split()  # "SMS": e-se-e-me-e-se
        else:
            words.append(lower)
    return words


def _units(word: str) -> list[str]:
    """Letters as the rules see them: ch, ll, rr are one consonant; qu and gu (before e, i) too."""
    units = _UNIT.findall(word)
    # y is a vowel when no vowel follows it (hoy, muy, y), a consonant otherwise (ya, mayo).
    return ["i" if u == "y" and (i + 1 == len(units) or units[i + 1] not in VOWELS) else u
            for i, u in enumerate(units)]


def _hiatus(first: str, second: str) -> bool:
    """Two vowels side by side belong to different syllables."""
    if first in STRONG and second in STRONG:
        return True  # a-e, le-er, a-ho-rro
    if first in ACCENTED_WEAK or second in ACCENTED_WEAK:
        return not (first in WEAK or second in WEAK)  # dí-a, ba-úl; but cons-truí (two weak: one)
    return first == second and first in WEAK  # chi-i-ta


def syllabify(word: str) -> list[str]:
    """Split one word into its written syllables: "ahorro" -> ["a", "ho", "rro"]."""
    letters = word.lower()
    units = _units(letters)
    vowel = [u in VOWELS for u in units]
    # Split points are indexes into units; find one between every two vowel nuclei.
    cuts = []
    last_vowel = None
    for i, is_vowel in enumerate(vowel):
        if not is_vowel:
            continue
        if last_vowel is not None:
            cut = _cut(units, last_vowel, i)
            if cut is not None:
                cuts.append(cut)
        last_vowel = i
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(units[start:cut])
        start = cut
    pieces.append(units[start:])
    # Give back the original letters (the "y" we read as "i" included), capitals too when
    # lowering kept the length (it does for every Spanish letter).
    source = word if len(word) == len(letters) else letters
    out, pos = [], 0
    for piece in pieces:
        size = sum(len(u) for u in piece)
        out.append(source[pos:pos + size])
        pos += size
    return out


def _cut(units: list[str], left: int, right: int) -> int | None:
    """Where the syllable boundary falls between the vowels at left and right, or None (one nucleus)."""
    between = units[left + 1:right]
    if not between or between == ["h"]:
        # Vowels together (or with a silent h between them): one syllable unless a hiatus.
        if _hiatus(units[left], units[right]):
            return left + 1  # a-ho-rro, pro-hí-be: the h opens the next syllable
        if units[left] in STRONG and units[right] in WEAK and _vowel_at(units, right + 1):
            return left + 1  # ca-ca-hue-te, re-huir: the weak vowel goes with the vowel after it
        return None
    if len(between) >= 2 and between[-2] + between[-1] in CLUSTERS:
        return right - 2  # o-tro, in-glés, ins-tru-men-to
    return right - 1  # ca-sa, ar-bol, ins-tan-te


def _vowel_at(units: list[str], index: int) -> bool:
    return index < len(units) and units[index] in VOWELS


def count_syllables(word: str) -> int:
    """Syllables of one word as read aloud (at least one)."""
    return max(1, len(syllabify(word))) if any(u in VOWELS for u in _units(word.lower())) else 1


def text_syllables(words: list[str]) -> int:
    return sum(count_syllables(w) for w in words)
