"""The security log (ASVS 16.3): failed sign-ins and staff second-factor events, never secrets."""

from __future__ import annotations

import hashlib
import hmac
import logging

log = logging.getLogger("learner.web.security")


def email_digest(email: str, secret: str) -> str:
    """A keyed hash of what was typed: repeated guesses can be told apart, the address not read."""
    normalised = email.strip().lower().encode()
    return hmac.new(secret.encode(), normalised, hashlib.sha256).hexdigest()[:16]


def failed_login(reason: str, ip: str | None, account_id: int | None, email: str,
                 secret: str) -> None:
    # An unknown account gets only the digest: the e-mail typed may be someone's password.
    who = f"account={account_id}" if account_id else f"email_digest={email_digest(email, secret)}"
    log.warning("sign-in failed: reason=%s %s ip=%s", reason, who, ip)


def event(what: str, **ids: object) -> None:
    """A staff security event (2FA enrolled, reset, wrong code…) with ids only."""
    log.warning("%s: %s", what, " ".join(f"{k}={v}" for k, v in ids.items()))
