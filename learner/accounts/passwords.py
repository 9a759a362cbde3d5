"""Common passwords (ASVS 6.2.4): refused wherever a password is chosen.

The list is zxcvbn's bundled frequency list (leaked-password corpora, most common first), so it
ships with the app and nothing is downloaded at run time, plus Spanish and Bolivian ones that
English-language leaks miss. Only the most common are refused: a simple password that nobody
else uses is fine for a learner who reads with difficulty.
"""

from __future__ import annotations

from functools import lru_cache

MOST_COMMON = 10_000  # of zxcvbn's 30,000; about 3,400 of them are 8 characters or longer
LOCAL = (
    "contraseña", "contrasena", "contraseña1", "contraseña123", "contrasena123", "micontraseña",
    "bolivia", "bolivia1", "bolivia123", "bolivia2024", "bolivia2025", "bolivia2026",
    "lapaz123", "elalto123", "cochabamba", "santacruz", "teamo123", "teamomucho", "tequiero",
    "tequiero123", "mimamá123", "mimama123", "mamita123", "princesa", "princesa1", "princesa123",
    "mariposa", "mariposa1", "corazon123", "corazón123", "amorcito", "amorcito1", "jesus123",
    "diosesamor", "familia123", "futbol123", "hola1234", "holahola", "qwerty123", "mujeres123",
    "mujeresonline", "aprender", "aprender123", "aprender2026", "celular123", "abcd1234",
)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # large: loaded on first use only
    return frozenset(FREQUENCY_LISTS["passwords"][:MOST_COMMON]) | frozenset(LOCAL)


def is_common(password: str) -> bool:
    """Case and surrounding spaces do not make a common password uncommon."""
    return password.strip().lower() in _common()
