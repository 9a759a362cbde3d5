"""Secrets the server must read back (TOTP secrets), encrypted at rest with Fernet (AES-128-CBC +
HMAC-SHA256, from the `cryptography` package): a copy of the database alone makes no codes.

The key is TOTP_KEY when set, else SECRET_KEY; either goes through HKDF with a purpose label, so
the key that signs cookies is never used as it is to encrypt.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"mujeres-online totp secrets v1"


@lru_cache(maxsize=8)
def _fernet(key_material: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=PURPOSE).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


class SecretBox:
    def __init__(self, key_material: str):
        self._fernet = _fernet(key_material)

    @classmethod
    def for_config(cls, config) -> SecretBox:
        return cls(config.get("TOTP_KEY") or config["SECRET_KEY"])

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str | None) -> str | None:
        """The secret, or None when there is none or it was sealed with another key."""
        if not sealed:
            return None
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None
