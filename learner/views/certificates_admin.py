"""Programme staff: list certificates by region and centre, revoke one, open a scholarship module."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from learner.certificates import awards as certs
from learner.accounts.users import find_by_email
from learner.certificates.signing import b64url, load_keyring, rotate
from learner.extensions import db
from learner.models import Centre, Certificate, Region, Role
from learner.web.access import require_roles

bp = Blueprint("certificates_admin", __name__, url_prefix="/certificates/admin",
               cli_group="certificates")
bp.before_request(require_roles(Role.COORDINATOR))
PAGE_SIZE = 100


class RevokeForm(FlaskForm):
    reason = StringField(_l("Motivo"), validators=[
        DataRequired(_l("Escribe el motivo.")),
        Length(min=3, max=300, message=_l("El motivo debe tener entre 3 y 300 letras."))])


class GrantForm(FlaskForm):
    email = EmailField(_l("Correo de la participante"), validators=[
        DataRequired(_l("Escribe el correo.")), Length(max=254)])
    module = SelectField(_l("Módulo"), validators=[DataRequired()])


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _filtered(query, region_id, centre_id, module, state):
    if region_id:
        query = query.where(Centre.region_id == region_id)
    if centre_id:
        query = query.where(Certificate.centre_id == centre_id)
    if module:
        query = query.where(Certificate.module_slug == module)
    if state == "revoked":
        query = query.where(Certificate.revoked_at.is_not(None))
    elif state == "valid":
        query = query.where(Certificate.revoked_at.is_(None))
    return query


def _grant_form() -> GrantForm:
    form = GrantForm()
    catalog = current_app.extensions["catalog"]
    form.module.choices = [(slug, catalog.module(slug).title)
                           for slug in current_app.config["CERTIFICATE_UNLOCKS"]
                           if catalog.module(slug)]
    return form


@bp.get("/")
def index():
    region_id, centre_id = _int_arg("region"), _int_arg("centre")
    module, state = request.args.get("module", ""), request.args.get("state", "")
    page = max(_int_arg("page") or 1, 1)
    chosen = {"region": region_id, "centre": centre_id, "module": module, "state": state}
    base = select(Certificate).outerjoin(Centre, Centre.id == Certificate.centre_id)
    rows = db.session.scalars(_filtered(base, region_id, centre_id, module, state)
                              .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                              .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    counts = db.session.execute(_filtered(
        select(Region.name, Centre.name, func.count(Certificate.id),
               func.count(Certificate.revoked_at))
        .select_from(Certificate).outerjoin(Centre, Centre.id == Certificate.centre_id)
        .outerjoin(Region, Region.id == Centre.region_id), region_id, centre_id, module, state)
        .group_by(Region.name, Centre.name).order_by(Region.name, Centre.name)).all()
    return render_template(
        "certificates/admin_list.html", certificates=rows[:PAGE_SIZE], counts=counts,
        more=len(rows) > PAGE_SIZE, page=page,
        regions=db.session.scalars(select(Region).order_by(Region.name)).all(),
        centres=db.session.scalars(select(Centre).order_by(Centre.name)).all(),
        modules=current_app.extensions["catalog"].modules,
        chosen=chosen, filters={k: v for k, v in chosen.items() if v},
        grant_form=_grant_form(), format_code=certs.format_code)


@bp.route("/<code>", methods=["GET", "POST"])
def revoke(code: str):
    cert = certs.find(code)
    if cert is None:
        abort(404)
    form = RevokeForm()
    if not cert.revoked and form.validate_on_submit():
        certs.revoke(cert, form.reason.data, current_user)
        db.session.commit()
        flash(_("Certificado anulado."))
        return redirect(url_for(".revoke", code=cert.code))
    status = 400 if form.errors else 200
    return render_template("certificates/admin_revoke.html", cert=cert, form=form,
                           code=certs.format_code(cert.code)), status


@bp.post("/grant")
def grant():
    form = _grant_form()
    if not form.validate_on_submit():
        flash(_("Revisa el correo y el módulo."))
        return redirect(url_for(".index"))
    learner = find_by_email(form.email.data)
    if learner is None or learner.role != Role.LEARNER.value:
        flash(_("No hay ninguna participante con ese correo."))
        return redirect(url_for(".index"))
    certs.grant_module(learner, form.module.data, current_user)
    config = current_app.config
    # Already completed while locked? Then her certificate is due now.
    certs.award_if_complete(learner, current_app.extensions["catalog"], config["PASS_RATIO"],
                            config["CERTIFICATE_UNLOCKS"])
    db.session.commit()
    flash(_("%(module)s abierto para %(name)s como beca.",
            module=dict(form.module.choices)[form.module.data], name=learner.name))
    return redirect(url_for(".index"))


def _key_paths() -> tuple[Path, Path]:
    config = current_app.config
    return Path(config["CERT_SIGNING_KEY_PATH"]), Path(config["CERT_RETIRED_KEYS_DIR"])


@bp.cli.command("key-info")
def key_info():
    """Print the signing key's id and every public key that verifies certificates."""
    ring = load_keyring(*_key_paths())
    click.echo(f"signing key: {_key_paths()[0]} (id {ring.current})")
    for kid, raw in ring.public.items():
        click.echo(f"{kid}  {b64url(raw)}{'  (current)' if kid == ring.current else ''}")


@bp.cli.command("rotate-key")
@click.confirmation_option(prompt="Sign new certificates with a new key?")
def rotate_key():
    """Retire the signing key (its public key stays for verification) and make a new one."""
    old, new = rotate(*_key_paths())
    click.echo(f"retired {old}; now signing with {new}. Copy the new key file to every server.")
