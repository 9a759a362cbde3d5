"""Ed25519 keys for certificates, and the signed payload a QR code carries.

The payload is `<base64url(json facts)>.<base64url(signature over those exact bytes)>`, so the
browser verifies the bytes it decodes and never has to rebuild a canonical JSON form.
Key files: see docs/certificates.md (generation, storage, rotation)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

log = logging.getLogger(__name__)
RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
MAX_PAYLOAD = 2000  # a QR code holds far less; anything longer is not ours


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_raw: bytes) -> str:
    """A short name for a public key, derived from it: the same key always has the same id."""
    return b64url(hashlib.sha256(public_raw).digest())[:8]


@dataclass(frozen=True)
class KeyRing:
    private: Ed25519PrivateKey
    current: str                 # key id of the private key
    public: dict[str, bytes]     # key id -> raw 32-byte public key, current and retired


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(*RAW)


def _write_new_key(path: Path) -> None:
    """Create a private key file, readable by its owner only, unless another process won."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        os.link(temp, path)  # atomic and fails if the file exists: two workers never differ
    except FileExistsError:
        pass
    finally:
        temp.unlink()


def load_private(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        log.warning("no certificate signing key at %s: generating one (see docs/certificates.md)", path)
        _write_new_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def retired_public_keys(directory: Path) -> dict[str, bytes]:
    """Public keys of earlier signing keys (*.pem): certificates they signed stay verifiable."""
    found = {}
    for file in sorted(directory.glob("*.pem")) if directory.is_dir() else []:
        key = serialization.load_pem_public_key(file.read_bytes())
        if isinstance(key, Ed25519PublicKey):
            found[key_id(_raw(key))] = _raw(key)
    return found


def load_keyring(key_path: Path, retired_dir: Path) -> KeyRing:
    """Read the keys from disk on every call: a rotation by another process is seen at once."""
    private = load_private(key_path)
    current_raw = _raw(private.public_key())
    current = key_id(current_raw)
    return KeyRing(private, current, {**retired_public_keys(retired_dir), current: current_raw})


def keyring_for(config: Mapping) -> KeyRing:
    """The app's keyring, from the key paths in its settings."""
    return load_keyring(Path(config["CERT_SIGNING_KEY_PATH"]), Path(config["CERT_RETIRED_KEYS_DIR"]))


def rotate(key_path: Path, retired_dir: Path) -> tuple[str, str]:
    """Keep the current public key among the retired ones, then sign with a new private key."""
    old = load_private(key_path)
    old_raw = _raw(old.public_key())
    retired_dir.mkdir(parents=True, exist_ok=True)
    (retired_dir / f"{key_id(old_raw)}.pem").write_bytes(old.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    new_path = key_path.with_name(key_path.name + ".new")
    new_path.unlink(missing_ok=True)
    _write_new_key(new_path)
    os.replace(new_path, key_path)
    return key_id(old_raw), load_keyring(key_path, retired_dir).current


def sign_facts(facts: dict, ring: KeyRing) -> str:
    """facts (without k) -> the payload; k, the signing key id, is added and signed too."""
    body = json.dumps({**facts, "k": ring.current}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    return f"{b64url(body)}.{b64url(ring.private.sign(body))}"


def verify_payload(payload: str, public: dict[str, bytes]) -> dict | None:
    """The facts if the payload is intact and signed by one of our keys, else None."""
    if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD or payload.count(".") != 1:
        return None
    body_part, signature_part = payload.split(".")
    try:
        body, signature = unb64url(body_part), unb64url(signature_part)
        facts = json.loads(body)
        raw = public.get(facts.get("k")) if isinstance(facts, dict) else None
        if raw is None:
            return None
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, body)
    except (binascii.Error, ValueError, InvalidSignature, TypeError):
        return None
    return facts
