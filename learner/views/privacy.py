"""A learner's data: the privacy notice, her JSON download, deleting her account; and the
coordinator's side of the same (export or delete a learner who asked in person)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from learner.accounts import users as accounts
from learner.extensions import db, limiter
from learner.models import Role, User
from learner.accounts.privacy import delete_learner, export_learner_data
from learner.accounts.privacy_forms import DeleteLearnerForm, DeleteMyAccountForm
from learner.web.access import require_roles
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("privacy", __name__)
# Nested, so its own before_request guards only its routes: coordinators, nobody else.
admin = Blueprint("admin", __name__, url_prefix="/admin/learners")
# Ids in URLs are bounded to PostgreSQL's integer: a larger one is a 404, never a 500.
admin.before_request(require_roles(Role.COORDINATOR))

# What each table of hers is called on the confirmation page; a new table shows its own name.
TABLE_LABELS = {
    "quiz_attempt": _l("Resultados de cuestionarios"),
    "lesson_completion": _l("Lecciones terminadas"),
    "certificate": _l("Certificados"),
    "enrolment": _l("Inscripciones a grupos"),
    "application": _l("Postulaciones a becas"),
    "module_grant": _l("Módulos abiertos por la coordinación"),
    "device_profile": _l("Teléfonos con su perfil"),
    "password_reset_code": _l("Códigos para cambiar la contraseña"),
    "user_session": _l("Sesiones abiertas en sus teléfonos"),
    "join_request": _l("Invitaciones a grupos"),
    "enrolment_period": _l("Fechas de entrada y salida de sus grupos"),
}


def _download(user: User) -> Response:
    body = json.dumps(export_learner_data(user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="mis-datos-{user.id}.json"',
        "Cache-Control": "no-store"})


@bp.get("/privacidad")
@open_while_enrolling
def notice():
    return render_template("privacy/notice.html")


@bp.get("/account/data")
@login_required
def my_data():
    return _download(current_user)


def _delete_limit_key() -> str:
    # Per account (a new sign-in buys no new tries); the limit runs before login_required.
    return f"delete-account:{current_user.id if current_user.is_authenticated else 'anonymous'}"


@bp.route("/account/delete", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", key_func=_delete_limit_key, methods=["POST"])
@login_required
def delete_mine():
    if not current_user.has_role(Role.LEARNER):
        # Staff accounts hold other people's history: the coordination closes them.
        return render_template("privacy/delete.html", form=None), 403
    form = DeleteMyAccountForm()
    if form.validate_on_submit():
        if accounts.authenticate(current_user.email, form.password.data) is None:
            form.password.errors.append(_("La contraseña no es correcta."))
        else:
            delete_learner(current_user._get_current_object())
            logout_user()
            flash(_("Tu cuenta y tus datos fueron borrados. Gracias por aprender con nosotras."))
            return redirect(url_for("lessons.home"))
    return render_template("privacy/delete.html", form=form), 400 if form.errors else 200


def _learner_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.has_role(Role.LEARNER):
        abort(404)
    return user


@admin.get("/<int(min=1, max=2147483647):user_id>/data")
def learner_data(user_id: int):
    return _download(_learner_or_404(user_id))


@admin.route("/<int(min=1, max=2147483647):user_id>/delete", methods=["GET", "POST"])
def delete_learner_account(user_id: int):
    learner = _learner_or_404(user_id)
    form = DeleteLearnerForm()
    if form.validate_on_submit():
        name = learner.name
        delete_learner(learner, by=current_user)
        flash(_("La cuenta de %(name)s y todos sus datos fueron borrados.", name=name))
        return redirect(url_for("trainer.index"))
    summary = [(TABLE_LABELS.get(table, table), len(rows))
               for table, rows in export_learner_data(learner).items() if isinstance(rows, list)]
    return render_template("privacy/admin_delete.html", learner=learner, form=form,
                           summary=summary), 400 if form.errors else 200


bp.register_blueprint(admin)
