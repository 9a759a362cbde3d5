"""Fingerprinted static assets: ?v=<content hash> in the URL, so they can be cached for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, g, get_flashed_messages, request, url_for

# The app shell: what the service worker precaches so every page opens offline.
SHELL_ASSETS = (
    "css/app.css",
    "js/outbox.js",
    "js/common.js",
    "js/app.js",
    "js/me.js",
    "js/quiz.js",
    "js/download.js",
    "js/outbox-page.js",
    "js/profile-store.js",
    "js/profiles.js",
    "js/verify.js",
    "js/read-aloud.js",
    "js/illustrations.js",
    "js/data-page.js",
    "css/certificates.css",
    "css/programme.css",
    "js/apply-draft.js",
    "icons/icon.svg",
)
# Not in the shell: the PNG icons (23 KB). Only the browser's install prompt and home screen
# use them, and it fetches them itself from the manifest.


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def init_app(app: Flask) -> None:
    static = Path(app.static_folder)
    hashes: dict[str, str] = {}

    def asset_url(filename: str) -> str:
        if filename not in hashes:
            hashes[filename] = file_hash(static / filename)
        return url_for("static", filename=filename, v=hashes[filename])

    app.jinja_env.globals["asset_url"] = asset_url
    app.extensions["asset_url"] = asset_url

    app.jinja_env.globals["flashed_messages"] = flashed_messages

    @app.after_request
    def cache_headers(response):
        if request.endpoint == "static" and request.args.get("v"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif response.mimetype == "text/html" and g.get("personal_page"):
            response.headers["Cache-Control"] = "no-store"  # the worker keeps no copy either
        elif response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-cache")
        return response


def flashed_messages() -> list[str]:
    """The page's one-time messages. They can name her ("usa tu correo …"), so a page that shows
    any is personal: it must not be kept by the worker for whoever holds the phone next."""
    messages = get_flashed_messages()
    if messages:
        g.personal_page = True
    return messages
