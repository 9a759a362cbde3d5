"""Where she belongs, by her own proof and choice: join requests she answers, and linking an
application she filed before she had an account (DESIGN 3.9)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learner.accounts import application_links
from learner.accounts import joining
from learner.accounts.enrolments import EnrolmentProblem
from learner.extensions import db, limiter
from learner.accounts.forms import EmptyForm, LinkApplicationForm
from learner.models import Role

bp = Blueprint("belonging", __name__, url_prefix="/account")


def _learner_only() -> None:
    if not current_user.has_role(Role.LEARNER):
        abort(403)


@bp.post("/join-requests/<int(min=1, max=2147483647):request_id>")
@login_required
def answer(request_id: int):
    try:
        found = joining.answer_allowed(current_user, request_id)
    except joining.JoinProblem:
        abort(404)
    choice = request.form.get("answer")
    if not EmptyForm().validate_on_submit() or choice not in ("accept", "decline"):
        abort(400)
    cohort = found.cohort.name
    try:
        joining.answer(current_user, found.id, accept=choice == "accept")
    except (joining.JoinProblem, EnrolmentProblem):
        abort(400)
    flash(_("¡Listo! Ahora estás en el grupo «%(cohort)s».", cohort=cohort) if choice == "accept"
          else _("Listo: no te uniste a ese grupo."))
    return redirect(url_for("auth.account"))


@bp.post("/applications/link")
@login_required
@limiter.limit("20 per hour", key_func=lambda: f"link-application:{current_user.id}")
def link_application():
    _learner_only()
    form = LinkApplicationForm()
    if form.validate_on_submit():
        try:
            application_links.link_by_reference(current_user, form.reference.data, form.phone.data)
        except application_links.LinkRefused:
            form.reference.errors.append(_("No encontramos una postulación tuya con esa referencia "
                                           "y ese celular. Revisa los dos."))
        else:
            db.session.commit()
            flash(_("Listo: tu postulación está unida a tu cuenta."))
            return redirect(url_for("auth.account"))
    return render_template("auth/link_application.html", form=form), 400


