"""Reading a POST in the sync contract's envelope (DESIGN §4), for /api/sync and /api/applications."""

from __future__ import annotations

import json

from flask import current_app, request

from learner.learning import sync


class EnvelopeRefused(Exception):
    """The request as a whole is refused before any item is looked at: nothing is stored."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def read_envelope(types: tuple[str, ...]) -> tuple[str, list[dict]]:
    """The device id and items of the request's body, or EnvelopeRefused (400 or 413)."""
    config = current_app.config
    too_big = EnvelopeRefused("the body is over 256 KiB", 413)
    if (request.content_length or 0) > config["SYNC_MAX_BYTES"]:
        raise too_big
    if not request.is_json:
        raise EnvelopeRefused("Content-Type must be application/json", 400)
    raw = request.get_data(cache=False)
    if len(raw) > config["SYNC_MAX_BYTES"]:
        raise too_big
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # "[" * 50000 fits in 256 KiB
        raise EnvelopeRefused("the body is not valid JSON", 400) from None
    try:
        return sync.validate_envelope(body, config["SYNC_MAX_ITEMS"], types=types)
    except sync.BadEnvelope as exc:
        raise EnvelopeRefused(str(exc), 400) from None
    except OverflowError as exc:
        raise EnvelopeRefused(str(exc), 413) from None
