"""What makes the app installable and usable offline: worker, manifest, offline, outbox and data pages."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_babel import gettext as _

from learner.web.assets import SHELL_ASSETS
from learner.accounts.forms import EmptyForm
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("pwa", __name__)


def shell_urls() -> list[str]:
    asset_url = current_app.extensions["asset_url"]
    return [asset_url(name) for name in SHELL_ASSETS] + [
        url_for("pwa.offline"), url_for("pwa.outbox"), url_for("pwa.manifest")]


def worker_source() -> str:
    """The worker's source, read from the repository's root at each request (a new deploy shows)."""
    return (current_app.extensions["root"] / "service-worker.js").read_text(encoding="utf-8")


@bp.get("/service-worker.js")
@open_while_enrolling
def service_worker():
    """The worker with the shell list and its version put in front."""
    source = worker_source()
    urls = shell_urls()
    # The version changes whenever an asset or the worker itself does: then a new shell cache.
    version = hashlib.sha256((source + "".join(urls)).encode()).hexdigest()[:10]
    header = f"const SHELL_VERSION = {json.dumps(version)};\nconst SHELL_URLS = {json.dumps(urls)};\n"
    response = Response(header + source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
@open_while_enrolling
def manifest():
    asset_url = current_app.extensions["asset_url"]
    body = {
        "name": "Mujeres Online: aprende en tu celular",
        "short_name": "Mujeres Online",
        "description": _("Aprende a usar tu celular, internet y a cuidar tu negocio."),
        "lang": current_app.extensions["country"].locale,
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#6a1b6e",
        "icons": [
            {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": asset_url("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/offline")
@open_while_enrolling
def offline():
    return render_template("pwa/offline.html", modules=current_app.extensions["catalog"].modules)


@bp.get("/outbox")
@open_while_enrolling
def outbox():
    return render_template("pwa/outbox.html", form=EmptyForm())


@bp.get("/datos")
@open_while_enrolling
def data():
    """The data meter and the saving mode: an anonymous page, filled from the phone by script."""
    country = current_app.extensions["country"]
    return render_template("pwa/data.html", price=country.money(current_app.config["PRICE_PER_GB"]))
