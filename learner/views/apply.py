"""Public pages of the scholarship call: apply, see where an application stands, activate."""

from __future__ import annotations

from uuid import uuid4

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import select

from .. import scholarships
from ..activation_codes import ActivationRefused
from ..activation_codes import activate as activate_account
from ..extensions import db, limiter
from ..models import Application, CallCentre, ScholarshipCall
from ..programme_forms import ActivateForm, ApplicationForm, options
from ..scholarship_calls import call_centre, open_calls, today_in_bolivia

bp = Blueprint("apply", __name__)


def _chosen_call(calls: list[ScholarshipCall]) -> ScholarshipCall:
    wanted = request.args.get("call", type=int)
    for call in calls:
        if call.id == wanted:
            return call
    return calls[0]


def _offer(form: ApplicationForm, call: ScholarshipCall) -> list[CallCentre]:
    """The call's centres grouped by region; the form accepts only these."""
    places = sorted(call.centres, key=lambda p: (p.centre.region.name, p.centre.name))
    regions = {p.centre.region.id: p.centre.region.name for p in places}
    form.region.choices = options([("", _("Elige tu región"))] +
                                  [(str(rid), name) for rid, name in regions.items()])
    form.centre.choices = options([("", _("Elige tu centro"))] +
                                  [(str(p.centre.id), p.centre.name) for p in places])
    return places


def _centre_matches_region(form: ApplicationForm, places: list[CallCentre]) -> bool:
    match = any(str(p.centre.id) == form.centre.data and str(p.centre.region_id) == form.region.data
                for p in places)
    if not match:
        form.centre.errors = [*form.centre.errors, _("Elige un centro de tu región.")]
    return match


def _render_form(form, call, places, status=200, **extra):
    return render_template("apply/form.html", form=form, call=call, places=places,
                           restore=request.method == "GET", **extra), status


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit("600 per hour", methods=["POST"])  # a centre's launch: many women, one address
def form():
    today = today_in_bolivia()
    calls = open_calls(today)
    if not calls:
        return render_template("apply/closed.html")
    call = _chosen_call(calls)
    form = ApplicationForm()
    places = _offer(form, call)
    if request.method == "GET":
        form.submission_id.data = str(uuid4())
    if not form.validate_on_submit() or not _centre_matches_region(form, places):
        expired = bool(form.csrf_token.errors) if hasattr(form, "csrf_token") else False
        return _render_form(form, call, places, 400 if request.method == "POST" else 200,
                            expired=expired)
    config = scholarships.rules(current_app.config.get("SCHOLARSHIP_RULES"))
    try:
        outcome = scholarships.apply(call, form.to_data(), config, today)
    except scholarships.ApplyRefused as refused:
        return _render_form(form, call, places, 400, refused=refused.reason)
    if outcome.status == "duplicate":
        return _render_form(form, call, places, 409, duplicate=outcome.duplicate_of)
    return redirect(url_for(".status", reference=outcome.application.reference))


@bp.get("/apply/status")
def lookup():
    reference = scholarships.normalise_reference(request.args.get("reference", ""))
    if reference:
        return redirect(url_for(".status", reference=reference))
    return render_template("apply/lookup.html", error=bool(request.args.get("reference"))), \
        400 if request.args.get("reference") else 200


@bp.get("/apply/<reference>")
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
            login_user(user, remember=True)
            flash(_("¡Tu cuenta está lista! Para entrar otra vez, usa tu correo %(email)s y tu "
                    "nueva contraseña.", email=user.email))
            return redirect(url_for("lessons.home"))
    return render_template("apply/activate.html", form=form), 400 if form.errors else 200
