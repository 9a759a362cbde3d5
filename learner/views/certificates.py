"""Certificates: her list, the page and PDF, public verification (online and offline)."""

from __future__ import annotations

import io

import segno
from flask import (Blueprint, abort, current_app, jsonify, redirect, render_template,
                   request, send_file, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from learner.certificates import awards as certs
from learner.certificates.pdf import Partner, render_pdf
from learner.certificates.signing import b64url, keyring_for, sign_facts
from learner.extensions import db, limiter
from learner.models import Certificate, Role
from learner.accounts.scope import scope_centres
from learner.common.timeutil import iso, utcnow
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("certificates", __name__)
VERIFY_LIMIT = "30 per minute;500 per day"  # per address; codes are unguessable anyway

def _base_url() -> str:
    # The QR is printed: it must name the public host, not whatever host served this request.
    return (current_app.config["CERTIFICATE_BASE_URL"] or request.host_url).rstrip("/")


def qr_url(cert: Certificate) -> str:
    payload = sign_facts(certs.facts(cert), keyring_for(current_app.config))
    return f"{_base_url()}{url_for('certificates.verify_offline')}#{payload}"


def verify_url(cert: Certificate) -> str:
    return f"{_base_url()}{url_for('certificates.verify', code=cert.code)}"


def _catalog():
    return current_app.extensions["catalog"]


@bp.app_template_global()
def scholarship_prerequisite(module_slug: str):
    """The module that opens this one (a scholarship), or None: same for everyone, cacheable."""
    prerequisite = current_app.config["CERTIFICATE_UNLOCKS"].get(module_slug)
    return _catalog().module(prerequisite) if prerequisite else None


def _viewable(code: str) -> Certificate:
    """Her own certificate, or one of a centre the staff member may see; else 404 (no hint)."""
    cert = certs.find(code)
    if cert is None or not current_user.is_authenticated:
        abort(404)
    if cert.user_id == current_user.id:
        return cert
    if current_user.has_role(Role.TRAINER, Role.COORDINATOR) and db.session.scalar(scope_centres(
            select(Certificate.id).where(Certificate.id == cert.id), Certificate.centre_id,
            current_user)):
        return cert
    abort(404)


@bp.get("/certificates")
@login_required
def mine():
    rows = db.session.scalars(select(Certificate).where(Certificate.user_id == current_user.id)
                              .order_by(Certificate.issued_at.desc())).all()
    return render_template("certificates/list.html", certificates=rows)


@bp.get("/certificates/<code>")
@login_required
def show(code: str):
    cert = _viewable(code)
    is_new = cert.user_id == current_user.id and cert.viewed_at is None
    if is_new:
        cert.viewed_at = utcnow()
        db.session.commit()
    url = qr_url(cert)
    qr_svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qr", title=_("Código QR para verificar"))
    # segno's own SVG markup: path data and our fixed title, no text from a user.
    return render_template("certificates/show.html", cert=cert, qr_svg=Markup(qr_svg),  # nosec B704
                           qr_url=url, verify_url=verify_url(cert), is_new=is_new,
                           code=certs.format_code(cert.code))


@bp.get("/certificates/<code>.pdf")
@login_required
def pdf(code: str):
    cert = _viewable(code)
    config = current_app.config
    data = render_pdf(cert, qr_url(cert), verify_url(cert),
                      [Partner(**p) for p in config["CERTIFICATE_PARTNERS"]],
                      config["CERTIFICATE_PROGRAMME"])
    response = send_file(io.BytesIO(data), mimetype="application/pdf",
                         as_attachment=request.args.get("download") == "1",
                         download_name=f"certificado-{cert.module_slug}-{cert.code[:4]}.pdf")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/verificar")
@open_while_enrolling
def verify_offline():
    """Checks the signed payload in the URL fragment in the browser: no network needed."""
    if request.args.get("codigo"):
        clean = certs.normalise_code(request.args["codigo"])
        return redirect(url_for(".verify", code=clean or request.args["codigo"][:40]))
    keys = {kid: b64url(raw) for kid, raw in keyring_for(current_app.config).public.items()}
    return render_template("certificates/verify_offline.html", keys=keys)


@bp.get("/verificar/<code>")
@limiter.shared_limit(VERIFY_LIMIT, scope="certificate-verify")
def verify(code: str):
    cert = certs.find(code)
    return render_template("certificates/verify.html", cert=cert,
                           code=certs.format_code(cert.code) if cert else ""), 200 if cert else 404


@bp.get("/api/certificates/status/<code>")
@limiter.shared_limit(VERIFY_LIMIT, scope="certificate-verify")
def status(code: str):
    """For the offline page when it is online: is the certificate still valid?"""
    cert = certs.find(code)
    if cert is None:
        return jsonify(status="unknown"), 404
    return jsonify(status="revoked" if cert.revoked else "valid",
                   revoked_at=iso(cert.revoked_at) if cert.revoked else None)


@bp.get("/api/certificates/public-key")
def public_keys():
    ring = keyring_for(current_app.config)
    return jsonify(current=ring.current, keys=[
        {"kid": kid, "alg": "Ed25519", "x": b64url(raw)} for kid, raw in ring.public.items()])
