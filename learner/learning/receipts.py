"""Receipts: short codes a learner can read out to a trainer, e.g. K7P-2QM."""

import secrets

from learner.common.codes import ALPHABET


def new_receipt() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def normalise_receipt(text: str) -> str:
    clean = "".join(c for c in text.upper() if c.isalnum())
    return f"{clean[:3]}-{clean[3:6]}" if len(clean) == 6 else ""
