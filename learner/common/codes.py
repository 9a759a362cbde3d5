"""Codes and numbers a person types, normalised the one way every part compares them."""

from __future__ import annotations

import re

# No 0/O, 1/I/L: easy to read aloud and to type (receipts, certificate and join codes).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def normalise_phone(text: str) -> str | None:
    """A Bolivian mobile number as 591 + 8 digits, or None: 7xxxxxxx, +591 6xx xx xxx..."""
    digits = re.sub(r"[\s\-().+]", "", text or "")
    if digits.startswith("591") and len(digits) == 11:
        digits = digits[3:]
    if re.fullmatch(r"[67]\d{7}", digits):
        return "591" + digits
    return None


def normalise_reference(text: str) -> str:
    clean = "".join(c for c in (text or "").upper() if c.isalnum())
    return f"{clean[:4]}-{clean[4:]}" if len(clean) == 8 else ""
