"""People's names as duplicate checks compare them."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """No accents, lower case, single spaces: «María  Quispe» and «maria quispe» are one key."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())[:120]
