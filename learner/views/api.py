"""JSON endpoints: who is signed in on this phone, the sync contract, module manifests."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from learner.learning import sync
from learner.accounts.users import issue_sync_token
from learner.certificates import awards as certs
from learner.certificates.awards import unlocked_modules
from learner.common import metrics
from learner.extensions import csrf, db
from learner.learning.offline import offline_manifest
from learner.learning.progress import learner_progress
from learner.common.timeutil import iso, utcnow
from learner.learning.envelope import EnvelopeRefused, read_envelope
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("api", __name__, url_prefix="/api")


def error(message: str, status: int):
    return jsonify(error=message), status


@bp.get("/me")
@open_while_enrolling
def me():
    """Personal data for pages that are cached anonymously; never cached itself."""
    # The CSRF token too: a profile switch that follows this answer posts without asking again.
    if not current_user.is_authenticated:
        return jsonify(user=None, csrf_token=generate_csrf())
    catalog = current_app.extensions["catalog"]
    return jsonify(
        user={"id": current_user.id, "name": current_user.name, "role": current_user.role},
        csrf_token=generate_csrf(),
        token=issue_sync_token(current_user, current_app.config["SECRET_KEY"]),
        progress=learner_progress(current_user.id, catalog),
        versions={m.slug: m.version for m in catalog.modules},
        certificates=[{"code": c.code, "module": c.module_slug,
                       "url": url_for("certificates.show", code=c.code),
                       "new": c.viewed_at is None, "revoked": c.revoked}
                      for c in certs.of_learner(current_user)],
        unlocked=unlocked_modules(current_user, catalog, current_app.config["CERTIFICATE_UNLOCKS"]),
    )


@bp.get("/csrf")
@open_while_enrolling
def csrf_token():
    """This session's CSRF token, asked for by a script just before it posts: the pages it
    runs on are cached for everyone and carry none."""
    return jsonify(csrf_token=generate_csrf())


@bp.post("/sync")
@csrf.exempt  # authenticated by the sync token in each item, not by the session cookie
@open_while_enrolling
@metrics.SYNC_BATCH_SECONDS.time()
def sync_items():
    config = current_app.config
    try:
        device, items = read_envelope(sync.ITEM_TYPES)
    except EnvelopeRefused as refused:
        return error(refused.message, refused.status)
    settings = sync.Settings(config["SECRET_KEY"], config["PASS_RATIO"])
    accepted = sync.accept(device, items, current_app.extensions["catalog"], settings)
    # Two units of work on purpose: the results are durable before any certificate is awarded,
    # so a failed award never costs a phone its acknowledged items.
    db.session.commit()
    issued = certs.award_for_learners(accepted.progressed, current_app.extensions["catalog"],
                                      config["PASS_RATIO"], config["CERTIFICATE_UNLOCKS"])
    if issued:
        db.session.commit()
        metrics.CERTIFICATES.inc(len(issued))
    metrics.count_results(metrics.SYNC_ITEMS, accepted.results)
    return jsonify(results=accepted.results, server_time=iso(utcnow()))


@bp.get("/modules/<slug>/offline")
@open_while_enrolling
def module_offline(slug: str):
    module = current_app.extensions["catalog"].module(slug)
    if module is None:
        return error("no such module", 404)
    manifest = offline_manifest(current_app._get_current_object(), module)
    country, price = current_app.extensions["country"], current_app.config["PRICE_PER_GB"]
    # price_per_gb_bs: the name phones with an older page still read (the price, whatever the currency)
    return jsonify({**manifest, "price_per_gb": price, "currency": country.currency_code,
                    "price_per_gb_bs": price})
