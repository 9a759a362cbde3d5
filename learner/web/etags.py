"""HTML revalidation: every page gets an ETag, so an unchanged page costs a 304 of a few hundred
bytes instead of the whole page again.

Flask-WTF signs the session's CSRF token anew at each render, so a page with a form never has
the same bytes twice. The ETag therefore hashes the page without its signed token, plus the
session's raw token: any signed copy of the same raw token is valid (no time limit is set, see
WTF_CSRF_TIME_LIMIT), so a page kept by the browser after a 304 still posts. Another session
has another raw token, hence another ETag: it is never handed a page with a token not its own.
(Keeping the per-render signature also keeps the token from being the same bytes in every
compressed page, which a length-guessing attack on compression would need.)
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request, session

CSRF_FIELD = "csrf_token"  # Flask-WTF's names: the session key and the `g` attribute it sets


def page_etag(body: bytes, signed_token: str | None, raw_token: str | None) -> str:
    """What identifies the page: its bytes without the signed token, and whose token it holds."""
    if signed_token:
        body = body.replace(signed_token.encode(), b"")
    return hashlib.sha256(body + (raw_token or "").encode()).hexdigest()[:20]


def init_app(app: Flask) -> None:
    @app.after_request
    def html_etag(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and response.mimetype == "text/html" and not response.is_streamed):
            signed = g.get(CSRF_FIELD)  # set only if this page rendered a token
            raw = session.get(CSRF_FIELD) if signed else None
            # Weak: the same page whether sent as br, gzip or plain. Flask-Compress leaves weak
            # ETags as they are, and answers If-None-Match itself after compressing.
            response.set_etag(page_etag(response.get_data(), signed, raw), weak=True)
            response.make_conditional(request)
        return response
