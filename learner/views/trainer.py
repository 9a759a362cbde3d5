"""The trainer workspace: cohorts, learners, receipts, hard questions, exports, guides.

Roles are checked once, for every route, in before_request; which cohorts and learners a
trainer may reach is decided by the centre scope (trainer/lookups -> accounts/scope.scope_centres).
Anything out of her scope is a 404, the same answer as something that does not exist.
"""

from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from learner.accounts import devices
from learner.accounts import enrolments
from learner.accounts import joining
from learner.trainer import reports
from learner.accounts import reset_codes
from learner.trainer import lookups
from learner.learning.catalog import Catalog
from learner.extensions import db
from learner.accounts.forms import EmptyForm
from learner.models import Region, Role
from learner.learning.receipts import normalise_receipt
from learner.accounts.scope import visible_centres
from learner.web.access import require_roles
from learner.trainer.forms import AcceptForm, EnrolForm, MoveForm
from learner.common.timeutil import utcnow

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
bp.before_request(require_roles(Role.TRAINER, Role.COORDINATOR))
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id in a URL must be a 404, not a 500


@bp.record_once
def _id_converter(state) -> None:
    class IdConverter(IntegerConverter):
        def __init__(self, url_map):
            super().__init__(url_map, min=1, max=MAX_ID)

    state.app.url_map.converters.setdefault("id", IdConverter)


def _id_arg(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def catalog() -> Catalog:
    return current_app.extensions["catalog"]


def zone() -> str:
    return current_app.config["DISPLAY_TIMEZONE"]


@bp.app_template_filter("staff_time")
def staff_time(value) -> str:
    return lookups.local_time(value, zone())


@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
@bp.errorhandler(429)
def error_page(error):
    messages = {400: _("La solicitud no es válida. Revisa los datos y vuelve a intentarlo."),
                403: _("Esta página es solo para facilitadoras y coordinadoras."),
                404: _("No encontramos esta página, o no es de tus centros."),
                429: _("Demasiados intentos. Espera un rato y vuelve a intentarlo.")}
    return render_template("trainer/error.html", message=messages[error.code]), error.code


def _cohort_or_404(cohort_id: int):
    return lookups.cohort_in_scope(current_user, cohort_id) or abort(404)


def _learner_or_404(user_id: int):
    return lookups.learner_in_scope(current_user, user_id) or abort(404)


def _managed_or_403(user_id: int):
    """Changes need her active enrolment (if any) at the staff's centres, not just her history."""
    found = _learner_or_404(user_id)
    if not lookups.manages(current_user, found):
        abort(403)
    return found


@bp.get("/")
def index():
    coordinator = current_user.has_role(Role.COORDINATOR)
    region_id = _id_arg("region") if coordinator else None
    centre_id = _id_arg("centre") if coordinator else None
    regions = db.session.scalars(select(Region).order_by(Region.name)).all() if coordinator else []
    centres = db.session.scalars(visible_centres(current_user)).all() if coordinator else []
    return render_template(
        "trainer/index.html", cohorts=reports.cohort_list(current_user, region_id, centre_id),
        coordinator=coordinator, regions=regions, centres=centres, region_id=region_id,
        centre_id=centre_id, modules=catalog().modules, newcomers=_newcomers(region_id, centre_id))


def _accept_form(centre_id: int) -> AcceptForm:
    form = AcceptForm(prefix=f"join{centre_id}")
    form.cohort.choices = [(c.id, c.name) for c in reports.cohort_list(current_user,
                                                                        centre_id=centre_id)]
    return form


def _newcomers(region_id: int | None, centre_id: int | None) -> list[tuple]:
    """Women who chose one of her centres at sign-up (within the coordinator's filter), each
    with a form to take her in."""
    return [(found, _accept_form(found.centre_id)) for found in joining.new_learners(current_user)
            if (not region_id or found.centre.region_id == region_id)
            and (not centre_id or found.centre_id == centre_id)]


@bp.post("/join-requests/<id:request_id>/accept")
def accept_newcomer(request_id: int):
    try:
        found = joining.signup_in_scope(current_user, request_id)
    except joining.JoinProblem:
        abort(404)
    form = _accept_form(found.centre_id)
    if not form.validate_on_submit():
        abort(400)
    target = _cohort_or_404(form.cohort.data)
    name = found.user.name
    try:
        joining.accept_signup(found, target)
    except joining.JoinProblem:
        abort(400)
    flash(_("%(name)s está inscrita en el grupo %(cohort)s.", name=name, cohort=target.name))
    return redirect(url_for(".cohort", cohort_id=target.id))


@bp.post("/join-requests/<id:request_id>/decline")
def decline_newcomer(request_id: int):
    try:
        found = joining.signup_in_scope(current_user, request_id)
    except joining.JoinProblem:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    joining.decline_signup(found)
    flash(_("Listo: ya no aparece como nueva participante de tu centro."))
    return redirect(url_for(".index"))


def _render_cohort(cohort, form: EnrolForm, status: int = 200):
    rows = reports.cohort_overview(cohort.id, catalog(), utcnow())
    sort = request.args.get("sort", "name")
    descending = request.args.get("order") == "desc"
    return render_template(
        "trainer/cohort.html", cohort=cohort, modules=catalog().modules, form=form,
        rows=reports.sort_rows(rows, sort, descending, catalog()), sort=sort,
        descending=descending, flagged=[r for r in rows if r.flagged],
        quiet_days=reports.QUIET_DAYS, now=utcnow(), catalog=catalog()), status


@bp.get("/cohorts/<id:cohort_id>")
def cohort(cohort_id: int):
    return _render_cohort(_cohort_or_404(cohort_id), EnrolForm())


@bp.post("/cohorts/<id:cohort_id>/enrol")
def enrol(cohort_id: int):
    found = _cohort_or_404(cohort_id)
    form = EnrolForm()
    if not form.validate_on_submit():
        return _render_cohort(found, form, 400)
    try:
        learner, outcome = joining.invite_by_email(
            form.email.data, found, current_user, current_app.config["SECRET_KEY"],
            form.name.data or "", form.code.data or "")
    except enrolments.EnrolmentProblem as problem:
        form.email.errors.append(_enrol_message(problem))
        return _render_cohort(found, form, 400)
    if outcome == "created":
        flash(_("Creamos la cuenta de %(name)s. Dale un código para que elija su contraseña.",
                name=learner.name))
        return redirect(url_for(".learner", user_id=learner.id))
    if outcome == "requested":
        # Her name only once she agrees: an e-mail typed here proves nothing about her.
        flash(_("Esta persona ya tiene cuenta. Le pedimos que acepte unirse al grupo: lo verá "
                "en «Mi cuenta». Si está contigo, pídele su código para unirse."))
        return redirect(url_for(".cohort", cohort_id=found.id))
    flash(_("%(name)s está inscrita en este grupo.", name=learner.name))
    return redirect(url_for(".cohort", cohort_id=found.id))


def _enrol_message(problem: enrolments.EnrolmentProblem) -> str:
    if problem.reason == "unknown_email":
        return _("No hay una cuenta con este correo. Escribe también su nombre para crearla.")
    if problem.reason == "already_here":
        return _("Ya está inscrita en este grupo.")
    if problem.reason == "enrolled_elsewhere":
        return _("Ya está inscrita en otro grupo. Ábrela desde ese grupo y usa «Pasar al grupo».")
    return _("Esta cuenta no es de una participante.")


@bp.get("/cohorts/<id:cohort_id>/questions")
def questions(cohort_id: int):
    found = _cohort_or_404(cohort_id)
    report = reports.hard_questions(found.id, catalog())
    return render_template("trainer/questions.html", cohort=found, quizzes=report,
                           hardest=reports.hardest(report))


@bp.get("/cohorts/<id:cohort_id>/results.csv")
def export(cohort_id: int):
    found = _cohort_or_404(cohort_id)
    body = lookups.cohort_results_csv(current_user, found.id, catalog(), zone())
    filename = f"resultados-grupo-{found.id}-{utcnow():%Y%m%d}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.get("/learners/<id:user_id>")
def learner(user_id: int):
    found = _learner_or_404(user_id)
    return render_template(
        "trainer/learner.html", learner=found, enrolments=lookups.enrolments_of(found.id),
        attempts=lookups.learner_attempts(current_user, found.id, catalog(),
                                          current_app.config["PASS_RATIO"]),
        completions=lookups.learner_completions(current_user, found.id),
        codes=reset_codes.history(found.id),
        move_form=_move_form(), form=EmptyForm(), catalog=catalog(),
        manages=lookups.manages(current_user, found), now=utcnow(),
        devices=devices.devices_of(found.id))


@bp.post("/learners/<id:user_id>/devices/<id:profile_id>/revoke")
def revoke_device(user_id: int, profile_id: int):
    """A lost or shared phone: it can no longer switch to her profile without her password."""
    found = _managed_or_403(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not devices.revoke(found.id, profile_id):
        abort(404)
    db.session.commit()
    flash(_("Listo: ese teléfono ya no puede entrar a su cuenta sin contraseña."))
    return redirect(url_for(".learner", user_id=found.id))


def _move_form() -> MoveForm:
    form = MoveForm()
    form.cohort.choices = [(c.id, f"{c.name} · {c.centre}")
                           for c in reports.cohort_list(current_user)]
    return form


@bp.post("/learners/<id:user_id>/reset-code")
def reset_code(user_id: int):
    found = _managed_or_403(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        code, row = reset_codes.issue_code(found, current_user, current_app.config["SECRET_KEY"])
    except reset_codes.TooManyCodes:
        abort(429)
    response = Response(render_template("trainer/reset_code.html", learner=found, code=code,
                                        row=row))
    response.headers["Cache-Control"] = "no-store"  # the code must not stay in any cache
    return response


@bp.post("/learners/<id:user_id>/move")
def move(user_id: int):
    found = _managed_or_403(user_id)
    form = _move_form()
    if not form.validate_on_submit():
        abort(400)
    target = _cohort_or_404(form.cohort.data)
    try:
        enrolments.move(found, target, by=current_user)
    except enrolments.EnrolmentProblem:
        abort(400)
    flash(_("%(name)s pasó al grupo %(cohort)s.", name=found.name, cohort=target.name))
    return redirect(url_for(".learner", user_id=found.id))


@bp.post("/learners/<id:user_id>/withdraw")
def withdraw(user_id: int):
    found = _managed_or_403(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        enrolment = enrolments.withdraw(found)
    except enrolments.EnrolmentProblem:
        abort(400)
    flash(_("%(name)s quedó como retirada del grupo %(cohort)s.", name=found.name,
            cohort=enrolment.cohort.name))
    return redirect(url_for(".learner", user_id=found.id))


@bp.get("/receipts")
def receipt():
    text = request.args.get("code", "").strip()[:40]
    if not text:
        return render_template("trainer/receipt.html", hit=None, text="")
    code = normalise_receipt(text)
    if not code:
        return render_template("trainer/receipt.html", hit=None, text=text, malformed=True), 400
    hit = lookups.find_receipt(current_user, code)
    return render_template("trainer/receipt.html", hit=hit, text=code,
                           catalog=catalog()), 200 if hit else 404


@bp.get("/guides")
def guides():
    return render_template("trainer/guides.html", modules=catalog().modules)


@bp.get("/guides/<slug>")
def guide(slug: str):
    module = catalog().module(slug) or abort(404)
    return render_template("trainer/guide.html", module=module,
                           handouts_only=request.args.get("only") == "handouts")
