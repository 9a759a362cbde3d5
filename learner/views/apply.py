"""Public pages of the scholarship call: apply, see where an application stands, activate."""

from __future__ import annotations

from uuid import uuid4

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import select

from learner.programme import queued as application_items
from learner.programme import applications as scholarships
from learner.accounts import second_factor as twofactor
from learner.programme.activation import ActivationRefused
from learner.programme.activation import activate as activate_account
from learner.common import metrics
from learner.extensions import csrf, db, limiter
from learner.models import Application, ScholarshipCall
from learner.programme.forms import ActivateForm, ApplicationForm
from learner.programme.calls import call_centre, open_calls
from learner.common.timeutil import iso, utcnow
from learner.web import second_factor as gate
from learner.learning.envelope import EnvelopeRefused, read_envelope
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("apply", __name__)


def _send_limit() -> str:
    return current_app.config["APPLY_SEND_LIMIT"]


def _read_limit() -> str:
    return current_app.config["APPLY_READ_LIMIT"]


def _chosen_call(calls: list[ScholarshipCall]) -> ScholarshipCall:
    wanted = request.args.get("call", type=int)
    for call in calls:
        if call.id == wanted:
            return call
    return calls[0]


def _render_form(form, call, places, status=200, **extra):
    return render_template("apply/form.html", form=form, call=call, places=places,
                           restore=request.method == "GET", **extra), status


def _rules() -> dict:
    return scholarships.rules(current_app.config.get("SCHOLARSHIP_RULES"))


@bp.route("/apply", methods=["GET", "POST"])
@limiter.shared_limit(_send_limit, scope="apply-send", methods=["POST"])
@open_while_enrolling
def form():
    today = current_app.extensions["country"].today()
    calls = open_calls(today)
    if not calls:
        return render_template("apply/closed.html")
    call = _chosen_call(calls)
    form = ApplicationForm()
    places = form.offer(call)
    if request.method == "GET":
        form.submission_id.data = str(uuid4())
    if not form.validate_on_submit():
        expired = bool(form.csrf_token.errors) if hasattr(form, "csrf_token") else False
        return _render_form(form, call, places, 400 if request.method == "POST" else 200,
                            expired=expired)
    try:
        outcome = scholarships.apply(call, form.to_data(), _rules(), today)
    except scholarships.ApplyRefused as refused:
        metrics.APPLICATIONS.labels(status="rejected", reason=refused.reason).inc()
        return _render_form(form, call, places, 400, refused=refused.reason)
    metrics.APPLICATIONS.labels(status=outcome.status, reason="").inc()
    if outcome.status == "duplicate":
        return _render_form(form, call, places, 409, duplicate=outcome.duplicate_of)
    return redirect(url_for(".status", reference=outcome.application.reference))


def _error(message: str, status: int):
    return jsonify(error=message), status


@bp.post("/api/applications")
@csrf.exempt  # public and anonymous: no session acts here (the cached form's token may be stale)
@limiter.shared_limit(_send_limit, scope="apply-send")
@open_while_enrolling
def queued():
    """Applications from the phone's outbox: the sync contract's envelope and results."""
    try:
        device, items = read_envelope((application_items.ITEM_TYPE,))
    except EnvelopeRefused as refused:
        return _error(refused.message, refused.status)
    results = application_items.accept(device, items, _rules(), current_app.extensions["country"].today())
    metrics.count_results(metrics.APPLICATIONS, results)
    return jsonify(results=results, server_time=iso(utcnow()))


@bp.get("/apply/status")
@limiter.shared_limit(_read_limit, scope="apply-read")
def lookup():
    reference = scholarships.normalise_reference(request.args.get("reference", ""))
    if reference:
        return redirect(url_for(".status", reference=reference))
    return render_template("apply/lookup.html", error=bool(request.args.get("reference"))), \
        400 if request.args.get("reference") else 200


@bp.get("/apply/<reference>")
@limiter.shared_limit(_read_limit, scope="apply-read")
def status(reference: str):
    clean = scholarships.normalise_reference(reference)
    application = clean and db.session.scalar(select(Application).where(Application.reference == clean))
    if not application:
        return render_template("apply/lookup.html", error=True, unknown=True), 404
    place = call_centre(application.call_id, application.centre_id)
    response = current_app.make_response(render_template(
        "apply/status.html", application=application, place=place))
    response.headers["Cache-Control"] = "no-store"  # a status, not a page to keep
    return response


@bp.route("/activate", methods=["GET", "POST"])
@limiter.limit("300 per 15 minutes", methods=["POST"])
def activate():
    form = ActivateForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:40]
    if form.validate_on_submit():
        try:
            user = activate_account(form.code.data, form.password.data, current_app.config["SECRET_KEY"])
        except ActivationRefused as refused:
            form.code.errors.append(_("Este código ya venció. Pide uno nuevo en tu centro.")
                                    if refused.reason == "expired" else
                                    _("Este código no sirve. Revísalo o pide uno nuevo en tu centro."))
        else:
            flash(_("¡Tu cuenta está lista! Para entrar otra vez, usa tu correo %(email)s y tu "
                    "nueva contraseña.", email=user.email))
            if twofactor.needs_code(user, gate.required()):
                # The activation code is no second factor: she signs in with password and code.
                return redirect(url_for("auth.login"))
            login_user(user, remember=True)
            return redirect(url_for("lessons.home"))
    return render_template("apply/activate.html", form=form), 400 if form.errors else 200
