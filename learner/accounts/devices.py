"""Profiles on a shared phone: a per-device, per-learner credential issued at sign-in, used to
switch the server session to her without typing the password, revocable by her or her trainer."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from sqlalchemy import select

from learner.extensions import db
from learner.models import DeviceProfile, User
from learner.common.timeutil import utcnow


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def valid_device(device: object) -> bool:
    try:
        return isinstance(device, str) and str(uuid.UUID(device)) == device
    except ValueError:
        return False


def is_row_id(value: object) -> bool:
    """An int a database id column can hold (a bigger one would overflow: 500, not 'no')."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 2**31 - 1


def issue(user: User, device: str, label: str = "") -> str:
    """A new secret for this learner on this phone (replacing any earlier one); the caller commits."""
    secret = secrets.token_urlsafe(32)
    profile = db.session.scalar(select(DeviceProfile).where(
        DeviceProfile.user_id == user.id, DeviceProfile.device == device))
    if profile is None:
        profile = DeviceProfile(user_id=user.id, device=device)
        db.session.add(profile)
    profile.secret_hash, profile.label = _hash(secret), label[:120]
    profile.revoked_at, profile.last_used_at = None, utcnow()
    return secret


def redeem(device: object, user_id: object, secret: object) -> User | None:
    """The learner a phone's stored credential names, if it is still valid."""
    if not (valid_device(device) and isinstance(secret, str) and is_row_id(user_id)):
        return None
    profile = db.session.scalar(select(DeviceProfile).where(
        DeviceProfile.user_id == user_id, DeviceProfile.device == device,
        DeviceProfile.revoked_at.is_(None)))
    if profile is None or not hmac.compare_digest(profile.secret_hash, _hash(secret)):
        return None
    profile.last_used_at = utcnow()
    return profile.user


def devices_of(user_id: int) -> list[DeviceProfile]:
    return list(db.session.scalars(select(DeviceProfile).where(DeviceProfile.user_id == user_id)
                                   .order_by(DeviceProfile.last_used_at.desc())))


def revoke(user_id: int, profile_id: int) -> bool:
    profile = db.session.get(DeviceProfile, profile_id) if is_row_id(profile_id) else None
    if profile is None or profile.user_id != user_id:
        return False
    profile.revoked_at = utcnow()
    return True
