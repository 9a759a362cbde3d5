"""Profiles on a shared phone: the chooser page, the credential at sign-in, the online switch."""

from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from learner.accounts import devices
from learner.accounts import second_factor as twofactor
from learner.extensions import db, limiter
from learner.accounts.forms import EmptyForm
from learner.web import second_factor as gate
from learner.web.second_factor import open_while_enrolling
from learner.common import log as security_log

bp = Blueprint("profiles", __name__)


@bp.get("/profiles")
@open_while_enrolling
def chooser():
    """"¿Quién está aprendiendo?": anonymous HTML; the phone fills in its own profiles."""
    return render_template("profiles/chooser.html")


@bp.post("/api/profiles/credential")
@login_required
def credential():
    """Give this phone a credential for the signed-in learner, bound to her new PIN's proof."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="expected a JSON object"), 400
    device, proof = body.get("device"), body.get("proof")
    if not devices.valid_device(device):
        return jsonify(error="device must be a UUID"), 400
    if not devices.valid_proof(proof):
        return jsonify(error="proof must be 32 bytes in base64url"), 400
    # The phone names whom it means: a PIN made for one woman must never wrap another's credential
    # (the session may have changed under the page since it looked).
    if "user_id" in body and body["user_id"] != current_user.id:
        return jsonify(error="signed in as someone else"), 409
    secret = devices.issue(current_user, device, proof, label=str(body.get("label", ""))[:120])
    db.session.commit()
    return jsonify(user_id=current_user.id, secret=secret)


@bp.post("/api/profiles/switch")
@limiter.limit("30 per minute")
def switch():
    """Sign this browser in as the profile the phone chose, if the credential and the proof of
    her PIN are right (wrong ones are counted; the credential locks after a few)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="expected a JSON object"), 400
    config = current_app.config
    result = devices.redeem(body.get("device"), body.get("user_id"), body.get("secret"),
                            body.get("proof"), tries=config["PROFILE_PIN_TRIES"],
                            lifetime=config["PROFILE_CREDENTIAL_LIFETIME"])
    db.session.commit()  # a wrong try counts even though the answer is a refusal
    if result.user is None:
        if result.refused in ("wrong_pin", "locked"):
            security_log.event("profile switch refused", reason=result.refused,
                               account=body.get("user_id"), ip=request.remote_addr)
        return jsonify(error=result.refused, left=result.left), 403
    if twofactor.needs_code(result.user, gate.required()):
        # A phone's credential is no second factor: staff sign in with password and code.
        return jsonify(error="second factor needed"), 403
    login_user(result.user, remember=True)
    return jsonify(user={"id": result.user.id, "name": result.user.name})


@bp.get("/account/devices")
@login_required
def my_devices():
    return render_template("profiles/devices.html", devices=devices.devices_of(current_user.id),
                           form=EmptyForm())


@bp.post("/account/devices/<int(min=1, max=2147483647):profile_id>/revoke")
@login_required
def revoke_mine(profile_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not devices.revoke(current_user.id, profile_id):
        abort(404)
    db.session.commit()
    flash(_("Listo: ese teléfono ya no puede entrar a tu cuenta sin tu contraseña."))
    return redirect(url_for(".my_devices"))
