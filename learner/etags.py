"""HTML revalidation: every page gets an ETag, so an unchanged page costs a 304 of a few hundred
bytes instead of the whole page again.

A page is only "unchanged" if its bytes are. Flask-WTF signs the session's CSRF token with the
current time at each render, so a page with a form would differ every second. The token has no
time limit here (WTF_CSRF_TIME_LIMIT is None: phones stay signed in for weeks), so the signing
time carries nothing: we sign it with a fixed one and the same session renders the same token.
Another session has another token, hence another ETag: a page revalidated by a new session is
never kept with the old session's token.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request, session
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

CSRF_FIELD = "csrf_token"  # Flask-WTF's names: the session key and the `g` attribute it reuses
CSRF_SALT = "wtf-csrf-token"


class _FixedTimeSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return 0


def stable_csrf_token(raw: str) -> str:
    """The session's raw CSRF token signed as Flask-WTF does, but with a fixed signing time."""
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    serializer = URLSafeTimedSerializer(secret, salt=CSRF_SALT, signer=_FixedTimeSigner)
    return serializer.dumps(raw)


def init_app(app: Flask) -> None:
    @app.before_request
    def reuse_csrf_token():
        # Flask-WTF's generate_csrf returns g.csrf_token when set; only valid without a time limit.
        if request.endpoint == "static" or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
            return  # (static: reading the session would add Vary: Cookie to immutable assets)
        if CSRF_FIELD in session:
            setattr(g, CSRF_FIELD, stable_csrf_token(session[CSRF_FIELD]))

    @app.after_request
    def html_etag(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and response.mimetype == "text/html" and not response.is_streamed):
            # Weak: the same page whether sent as br, gzip or plain (Flask-Compress leaves weak
            # ETags as they are and answers If-None-Match itself once it has compressed).
            response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:20], weak=True)
            response.make_conditional(request)
        return response
