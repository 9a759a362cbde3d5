"""Programme staff: scholarship calls and their applications. Coordinators see every centre,
trainers only theirs (accounts/scope.py); creating or changing a call is for coordinators."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import exists, select

from learner.extensions import db
from learner.accounts.forms import EmptyForm
from learner.models import (
    ApplicationStatus,
    CallCentre,
    Centre,
    Region,
    Role,
    ScholarshipCall,
)
from learner.programme.forms import AwardTopForm, CallForm, EmailForm, parse_places
from learner.programme.reports import call_summary
from learner.programme.awards import ranked
from learner.programme.calls import (
    CallRefused,
    awarded_count,
    places_left,
    save_call,
)
from learner.programme.applications import OPEN_STATUSES, self_check_right
from learner.web.access import ID, place_or_404, require_roles
from learner.accounts.scope import scope_centres

bp = Blueprint("programme", __name__, url_prefix="/programme")
bp.before_request(require_roles(Role.COORDINATOR, Role.TRAINER))

# Ids in URLs: larger numbers are no row of ours (and would overflow the database's integer).
# The order staff read a centre's list in: who has a place, then who waits, then the rest.
LIST_ORDER = (ApplicationStatus.AWARDED, ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED,
              ApplicationStatus.NEEDS_EMAIL, ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)


def coordinator_only() -> None:
    if not current_user.has_role(Role.COORDINATOR):
        abort(403)


@bp.get("/")
def index():
    visible = scope_centres(select(CallCentre.id).where(CallCentre.call_id == ScholarshipCall.id),
                            CallCentre.centre_id, current_user)
    calls = db.session.scalars(select(ScholarshipCall).where(exists(visible))
                               .order_by(ScholarshipCall.opens_on.desc())).all()
    return render_template("programme/index.html", calls=calls,
                           today=current_app.extensions["country"].today())


def _centres() -> list[Centre]:
    return db.session.scalars(select(Centre).join(Region).order_by(Region.name, Centre.name)).all()


def _save_call(call: ScholarshipCall | None):
    form = CallForm(obj=call)
    centres = _centres()
    current = {p.centre_id: p for p in call.centres} if call else {}
    places, errors = parse_places(request.form, [c.id for c in centres]) if request.method == "POST" \
        else ({cid: (p.places, p.email_help) for cid, p in current.items()}, [])
    if form.validate_on_submit() and not errors:
        try:
            saved = save_call(call, form.name.data, form.opens_on.data,
                                           form.closes_on.data, places)
        except CallRefused as refused:
            errors.append({
                "name": _("Ya hay una convocatoria con ese nombre."),
                "in_use": _("Un centro con solicitudes no se puede quitar de la convocatoria."),
                "below_awarded": _("Un centro no puede tener menos plazas que becas ya asignadas."),
            }[refused.reason])
        else:
            flash(_("Convocatoria guardada."))
            return redirect(url_for(".call", call_id=saved.id))
    status = 400 if form.errors or errors else 200
    return render_template("programme/call_form.html", form=form, call=call, centres=centres,
                           places=places, errors=errors), status


@bp.route("/calls/new", methods=["GET", "POST"])
def new_call():
    coordinator_only()
    return _save_call(None)


@bp.route(f"/calls/<{ID}:call_id>/edit", methods=["GET", "POST"])
def edit_call(call_id: int):
    coordinator_only()
    return _save_call(db.get_or_404(ScholarshipCall, call_id))


@bp.get(f"/calls/<{ID}:call_id>")
def call(call_id: int):
    found = db.get_or_404(ScholarshipCall, call_id)
    rows = call_summary(found.id, current_user)
    if not rows and not current_user.has_role(Role.COORDINATOR):
        abort(404)
    return render_template("programme/call.html", call=found, rows=rows,
                           is_open=found.is_open(current_app.extensions["country"].today()))


@bp.get(f"/calls/<{ID}:call_id>/centres/<{ID}:centre_id>")
def centre(call_id: int, centre_id: int):
    place = place_or_404(call_id, centre_id)
    applications = db.session.scalars(ranked(call_id, centre_id, tuple(s.value for s in LIST_ORDER))).all()
    order = {s.value: i for i, s in enumerate(LIST_ORDER)}
    applications.sort(key=lambda a: order[a.status])  # stable: score order kept within a status
    left = places_left(place)
    # The proposed number: everyone who can be awarded now, never more than the places left.
    ready = sum(1 for a in applications if a.status in OPEN_STATUSES and a.email)
    suggested = max(1, min(left, ready))
    return render_template("programme/centre.html", place=place, applications=applications,
                           left=left, awarded=awarded_count(call_id, centre_id),
                           top_form=AwardTopForm(n=suggested, expected_left=left),
                           self_check_right=self_check_right,
                           email_form=EmailForm(formdata=None), form=EmptyForm())
