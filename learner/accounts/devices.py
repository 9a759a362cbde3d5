"""Profiles on a shared phone: a per-device, per-learner credential issued at sign-in, used to
switch the server session to her without typing the password, revocable by her or her trainer.

A switch proves her PIN: with the credential the phone sends a proof derived from the PIN (and a
salt only the phone holds; see static/js/profile-store.js). The server keeps a hash of that
proof, counts wrong ones and locks the credential after a few, and lets a credential expire."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from learner.extensions import db
from learner.models import DeviceProfile, User
from learner.common.timeutil import utcnow

PROOF = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url without padding


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def valid_device(device: object) -> bool:
    try:
        return isinstance(device, str) and str(uuid.UUID(device)) == device
    except ValueError:
        return False


def valid_proof(proof: object) -> bool:
    return isinstance(proof, str) and PROOF.fullmatch(proof) is not None


def is_row_id(value: object) -> bool:
    """An int a database id column can hold (a bigger one would overflow: 500, not 'no')."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 2**31 - 1


def issue(user: User, device: str, proof: str, label: str = "") -> str:
    """A new secret for this learner on this phone, bound to her PIN's proof (replacing any
    earlier one, its failed tries and its expiry); the caller commits."""
    # 32 random bytes as hex: the phone wraps the bytes themselves, which look random whatever
    # the PIN that unwraps them (text would tell a wrong PIN from the right one).
    secret = secrets.token_hex(32)
    profile = db.session.scalar(select(DeviceProfile).where(
        DeviceProfile.user_id == user.id, DeviceProfile.device == device))
    if profile is None:
        profile = DeviceProfile(user_id=user.id, device=device)
        db.session.add(profile)
    profile.secret_hash, profile.pin_verifier, profile.label = _hash(secret), _hash(proof), label[:120]
    profile.revoked_at, profile.failures = None, 0
    profile.issued_at = profile.last_used_at = utcnow()
    return secret


@dataclass(frozen=True)
class Switch:
    """What a switch attempt came to: the learner, or why not (and the tries left)."""

    user: User | None = None
    refused: str | None = None  # revoked | expired | locked | wrong_pin
    left: int | None = None


def expires_at(profile: DeviceProfile, lifetime: timedelta) -> datetime:
    return (profile.issued_at or profile.created_at) + lifetime


def is_locked(profile: DeviceProfile, tries: int) -> bool:
    return profile.failures >= tries


def redeem(device: object, user_id: object, secret: object, proof: object, *,
           tries: int, lifetime: timedelta) -> Switch:
    """The learner a phone's credential names, if it is valid and the PIN's proof is right.
    Every wrong secret or proof for a known credential counts; the caller commits either way."""
    if not (valid_device(device) and isinstance(secret, str) and is_row_id(user_id)):
        return Switch(refused="revoked")
    profile = db.session.scalar(select(DeviceProfile).where(
        DeviceProfile.user_id == user_id, DeviceProfile.device == device,
        DeviceProfile.revoked_at.is_(None)))
    if profile is None:
        return Switch(refused="revoked")
    if profile.pin_verifier is None or utcnow() >= expires_at(profile, lifetime):
        return Switch(refused="expired")
    if not valid_proof(proof):  # an old page without the proof: no guess, nothing counted
        return Switch(refused="revoked")
    # Take a try before checking (one conditional UPDATE, which holds the row until commit):
    # many guesses sent at once cannot get past the limit between a read and a write.
    taken = db.session.execute(
        update(DeviceProfile).where(DeviceProfile.id == profile.id, DeviceProfile.failures < tries)
        .values(failures=DeviceProfile.failures + 1).execution_options(synchronize_session=False))
    if taken.rowcount == 0:
        return Switch(refused="locked", left=0)
    right_secret = hmac.compare_digest(profile.secret_hash, _hash(secret))
    right_proof = hmac.compare_digest(profile.pin_verifier, _hash(proof))
    db.session.refresh(profile)
    if not (right_secret and right_proof):
        left = max(tries - profile.failures, 0)
        return Switch(refused="locked" if left == 0 else "wrong_pin", left=left)
    profile.failures, profile.last_used_at = 0, utcnow()
    return Switch(user=profile.user)


def devices_of(user_id: int) -> list[DeviceProfile]:
    return list(db.session.scalars(select(DeviceProfile).where(DeviceProfile.user_id == user_id)
                                   .order_by(DeviceProfile.last_used_at.desc())))


def revoke(user_id: int, profile_id: int) -> bool:
    profile = db.session.get(DeviceProfile, profile_id) if is_row_id(profile_id) else None
    if profile is None or profile.user_id != user_id:
        return False
    profile.revoked_at = utcnow()
    return True
