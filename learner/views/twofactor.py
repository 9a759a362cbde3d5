"""Staff second factor: the code step of sign-in, enrolment, and the coordinator's reset."""

from __future__ import annotations

import time

from flask import (Blueprint, abort, current_app, flash, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user
import segno
from markupsafe import Markup

from learner.common import log as security_log
from learner.accounts import second_factor as twofactor
from learner.extensions import db, limiter, login_manager
from learner.accounts.forms import CodeForm, EmptyForm
from learner.models import Role, User
from learner.web.access import require_roles
from learner.common.secret_box import SecretBox
from learner.web import second_factor as gate
from learner.web.second_factor import PENDING, open_while_enrolling

bp = Blueprint("twofactor", __name__)
admin = Blueprint("staff", __name__, url_prefix="/admin/staff")
admin.before_request(require_roles(Role.COORDINATOR))

def _box() -> SecretBox:
    return SecretBox.for_config(current_app.config)


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None
    return db.session.get(User, pending.get("user"))


def _code_limit_key() -> str:
    pending = session.get(PENDING)
    return f"2fa:{pending.get('user') if isinstance(pending, dict) else request.remote_addr}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", key_func=_code_limit_key, methods=["POST"],
               error_message=lambda: _("Demasiados intentos. Espera 15 minutos."))
def code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.check_code(user, form.code.data, _box()):
            pending = session.pop(PENDING)
            login_user(user, remember=bool(pending.get("remember")))
            return redirect(pending.get("next") or url_for("lessons.home"))
        security_log.failed_login("wrong_code", request.remote_addr, user.id, "",
                                  current_app.config["SECRET_KEY"])
        form.code.errors.append(_("El código no es correcto o ya se usó. Espera el siguiente."))
    return render_template("auth/code.html", form=form), 400 if form.errors else 200


@bp.after_request
def _never_stored(response):
    """The enrolment page shows her secret: no browser or worker cache may keep it."""
    if request.endpoint == "twofactor.enrol":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/2fa", methods=["GET", "POST"])
@open_while_enrolling
def enrol():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403)
    if current_user.has_totp:
        return render_template("auth/two_factor.html", enabled=True)
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.confirm(current_user, form.code.data, _box(),
                             keep_session=current_user.get_id()):
            flash(_("Listo: desde ahora, al entrar te pediremos el código de tu aplicación."))
            return redirect(url_for("auth.account"))
        form.code.errors.append(_("El código no es correcto. Revisa la hora de tu teléfono y "
                                  "escribe el código que ves ahora."))
    secret = twofactor.pending_secret(current_user, _box())
    uri = twofactor.provisioning_uri(current_user, secret)
    return render_template("auth/two_factor.html", enabled=False, form=form,
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                           qr_svg=_qr(uri)), 400 if form.errors else 200


def _qr(uri: str) -> Markup:
    svg = segno.make(uri, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qr", title=_("Código QR para tu aplicación"))
    # segno's own SVG markup: path data and our fixed title; the URI is encoded in the modules.
    return Markup(svg)  # nosec B704


@admin.get("")
def index():
    return render_template("auth/staff_2fa.html", trainers=twofactor.staff_list(current_user),
                           form=EmptyForm())


@admin.post("/<int(min=1, max=2147483647):user_id>/2fa/reset")
def reset(user_id: int):
    member = db.session.get(User, user_id)
    if member is None or not EmptyForm().validate_on_submit():
        abort(404 if member is None else 400)
    try:
        twofactor.reset(member, current_user._get_current_object())
    except twofactor.CannotReset:
        abort(404)
    flash(_("Listo: %(name)s debe activar otra vez el código al entrar.", name=member.name))
    return redirect(url_for(".index"))


bp.before_app_request(gate.enforce)
bp.register_blueprint(admin)
