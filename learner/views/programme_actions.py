"""What staff do to applications: award (one, or the top N), withdraw, reject, add an e-mail,
and share an activation code (print, WhatsApp link, e-mail). Same access as the programme pages."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from learner.common import mail
from learner.programme import applications as scholarships
from learner.programme.activation import code_matches
from learner.accounts.forms import EmptyForm
from learner.models import Application, Role
from learner.programme.forms import AwardTopForm, CodeForm, EmailForm
from learner.programme.awards import (
    Award,
    AwardRefused,
    add_email,
    award_one,
    award_top,
    reject,
    renew_code,
    withdraw,
)
from learner.web.access import ID, application_or_404, place_or_404, require_roles

bp = Blueprint("programme_actions", __name__, url_prefix="/programme")
bp.before_request(require_roles(Role.COORDINATOR, Role.TRAINER))


def _refusal(reason: str) -> str:
    return {
        "not_found": _("No se encontró la solicitud."),
        "not_open": _("Esta solicitud ya no se puede cambiar así: revisa su estado."),
        "no_email": _("Primero hay que registrar su correo electrónico."),
        "full": _("Ya no quedan plazas en este centro. La solicitud queda en lista de espera."),
        "changed": _("La lista cambió mientras tanto (otra persona asignó becas). "
                     "Revisa y vuelve a intentar."),
        "staff_email": _("Ese correo es de una cuenta del equipo. Corrige el correo o rechaza la solicitud."),
        "duplicate": _("Otra solicitud de esta convocatoria ya usa ese correo."),
        "not_awarded": _("Solo una solicitud con beca tiene código de activación."),
        "has_account": _("Ya tiene cuenta: entra con su correo y su contraseña de siempre. "
                         "Si la olvidó, su facilitadora le da un código para cambiarla."),
        "busy": _("Otra persona estaba cambiando este centro al mismo tiempo. Intenta otra vez."),
    }[reason]


def _back(application: Application):
    return redirect(url_for("programme.centre", call_id=application.call_id,
                            centre_id=application.centre_id))


def _checked_form(form=None):
    form = form or EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    return form


def _run(action, *args):
    """Run a domain action; (result, None) or (None, message) when it was refused."""
    try:
        return action(*args), None
    except AwardRefused as refused:
        return None, _refusal(refused.reason)
    except OperationalError:  # SQLite's write lock timed out under a burst of awards
        return None, _refusal("busy")


def _activation_text(award: Award, url: str) -> str:
    return render_template("programme/activation_message.html", name=award.application.name,
                           code=award.code, url=url, email=award.application.email)


def render_share(awards: list[Award], status: int = 200, sent: bool | None = None):
    """The codes, shown this once: to print, to send by WhatsApp or by e-mail."""
    slips = []
    for award in awards:
        if award.code is None:  # she already had an account: nothing to hand over
            slips.append({"award": award})
            continue
        url = url_for("apply.activate", code=award.code, _external=True)
        text = _activation_text(award, url)
        slips.append({"award": award, "url": url, "form": CodeForm(code=award.code, formdata=None),
                      "whatsapp": f"https://wa.me/{award.application.phone}?text={quote(text)}"})
    response = current_app.make_response((render_template(
        "programme/share.html", slips=slips, sent=sent), status))
    response.headers["Cache-Control"] = "no-store"  # the codes must not stay in a cache
    return response


@bp.post(f"/applications/<{ID}:application_id>/award")
def award(application_id: int):
    application = application_or_404(application_id)
    _checked_form()
    result, problem = _run(award_one, application.id, current_user, current_app.config["SECRET_KEY"])
    if problem:
        flash(problem)
        return _back(application)
    return render_share([result])


@bp.post(f"/calls/<{ID}:call_id>/centres/<{ID}:centre_id>/award-top")
def award_best(call_id: int, centre_id: int):
    place = place_or_404(call_id, centre_id)
    form = AwardTopForm()
    back = redirect(url_for("programme.centre", call_id=place.call_id, centre_id=place.centre_id))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.n.errors)) or _("Revisa el número de becas."))
        return back
    result, problem = _run(award_top, place.call_id, place.centre_id, form.n.data, current_user,
                           current_app.config["SECRET_KEY"], form.expected_left.data)
    if problem or not result:
        flash(problem or _("No hay solicitudes con correo para asignar."))
        return back
    return render_share(result)


@bp.post(f"/applications/<{ID}:application_id>/withdraw")
def withdraw_one(application_id: int):
    application = application_or_404(application_id)
    _checked_form()
    name = application.name
    promoted, problem = _run(withdraw, application.id, current_user, current_app.config["SECRET_KEY"])
    flash(problem or _("%(name)s ya no tiene la beca.", name=name))
    if promoted is None:
        return _back(application)
    flash(_("La beca pasó a %(name)s, la primera de la lista de espera.", name=promoted.application.name))
    return render_share([promoted])


@bp.post(f"/applications/<{ID}:application_id>/reject")
def reject_one(application_id: int):
    application = application_or_404(application_id)
    _checked_form()
    _result, problem = _run(reject, application.id, current_user)
    flash(problem or _("Solicitud marcada como no seleccionada."))
    return _back(application)


@bp.post(f"/applications/<{ID}:application_id>/email")
def set_email(application_id: int):
    application = application_or_404(application_id)
    form = EmailForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.email.errors)) or _("Revisa el correo."))
        return _back(application)
    config = scholarships.rules(current_app.config.get("SCHOLARSHIP_RULES"))
    _result, problem = _run(add_email, application.id, form.email.data, config)
    flash(problem or _("Correo registrado: la solicitud ya se puede revisar."))
    return _back(application)


@bp.post(f"/applications/<{ID}:application_id>/code")
def new_code(application_id: int):
    application = application_or_404(application_id)
    _checked_form()
    result, problem = _run(renew_code, application.id, current_app.config["SECRET_KEY"])
    if problem:
        flash(problem)
        return _back(application)
    return render_share([result])


@bp.post(f"/applications/<{ID}:application_id>/send-code")
def send_code(application_id: int):
    """E-mail the code shown on the share page: it must be her current code, nothing else."""
    application = application_or_404(application_id)
    form = _checked_form(CodeForm())
    if application.status != "awarded" or not code_matches(
            application, form.code.data, current_app.config["SECRET_KEY"]):
        flash(_("Ese código ya no es el vigente. Genera uno nuevo."))
        return _back(application)
    award = Award(application, form.code.data, False)
    url = url_for("apply.activate", code=award.code, _external=True)
    sent = mail.send_mail(current_app.config, application.email, _("Tu beca de Mujeres Online"),
                          _activation_text(award, url))
    return render_share([award], sent=sent)
