"""Sign-up, sign-in, sign-out and the language switch."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from sqlalchemy import select

from learner.accounts import users as accounts
from learner.accounts import joining
from learner.accounts import reset_codes
from learner.common import log as security_log
from learner.accounts import second_factor as twofactor
from learner.extensions import db, limiter
from learner.accounts.forms import (
    ChangePasswordForm,
    EmptyForm,
    LinkApplicationForm,
    LoginForm,
    SignupForm,
)
from learner.models import Region
from learner.web.i18n import LOCALE_COOKIE
from learner.trainer.forms import ForgotPasswordForm
from learner.web import second_factor as gate
from learner.web.second_factor import open_while_enrolling

bp = Blueprint("auth", __name__)


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    # Only a path on this site: never an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    form.offer_centres(db.session.scalars(select(Region).order_by(Region.name)))
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.name.data, form.email.data, form.password.data,
                                        locale=request.cookies.get(LOCALE_COOKIE, "es"))
        except accounts.EmailTaken:
            form.email.errors.append(_("Ya hay una cuenta con este correo. Entra con tu contraseña."))
        else:
            centre = form.chosen_centre()
            if centre is not None:  # she chose it: its trainers will take her into a group
                joining.chose_at_signup(user, centre)
                db.session.commit()
            login_user(user, remember=True)
            flash(_("¡Bienvenida! Ya puedes aprender."))
            return redirect(url_for("lessons.home"))
    return render_template("auth/signup.html", form=form), 400 if form.errors else 200


def _login_limit_key() -> str:
    # Per account, not per IP: a whole centre signs in from one public address.
    return "login:" + accounts.normalise_email(request.form.get("email", ""))


def _log_limited(_limit) -> None:
    """A sign-in stopped by a limit is a failed sign-in too (the password is not even checked)."""
    email = request.form.get("email", "")
    user = accounts.find_by_email(email)
    security_log.failed_login("rate_limited", request.remote_addr, user.id if user else None,
                              email, current_app.config["SECRET_KEY"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", key_func=_login_limit_key, methods=["POST"],
               error_message="too many attempts", on_breach=_log_limited)
@limiter.limit("300 per 15 minutes", methods=["POST"], on_breach=_log_limited)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        outcome = accounts.check_password(form.email.data, form.password.data)
        if outcome.user and twofactor.code_at_sign_in(outcome.user):
            # Her password was right, but she is not signed in until her code is too.
            return gate.begin(outcome.user, form.remember.data,
                                         _safe_next(url_for("lessons.home")))
        if outcome.user:
            login_user(outcome.user, remember=form.remember.data)
            return redirect(_safe_next(url_for("lessons.home")))
        security_log.failed_login(outcome.reason, request.remote_addr, outcome.account_id,
                                  form.email.data, current_app.config["SECRET_KEY"])
        form.password.errors.append(_("El correo o la contraseña no son correctos."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


def _forgot_limit_key() -> str:
    return "forgot:" + accounts.normalise_email(request.form.get("email", ""))


def _forgot_message(status: reset_codes.Status) -> str:
    return {
        reset_codes.Status.EXPIRED: _("Este código ya venció (dura 30 minutos) o fue cambiado por "
                                      "uno nuevo. Pide otro código a tu facilitadora."),
        reset_codes.Status.USED: _("Este código ya se usó. Si no fuiste tú, avisa a tu "
                                   "facilitadora."),
        reset_codes.Status.LOCKED: _("Este código se bloqueó por muchos intentos. Pide uno nuevo a "
                                     "tu facilitadora."),
    }.get(status, _("El correo o el código no son correctos. Revisa los 6 números."))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", key_func=_forgot_limit_key, methods=["POST"],
               error_message=lambda: _("Demasiados intentos. Espera 15 minutos."))
@limiter.limit("300 per 15 minutes", methods=["POST"])
def forgot():
    """¿Olvidaste tu contraseña?: a one-time code from her trainer, then a new password."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        outcome = reset_codes.redeem(form.email.data, form.code.data,
                                     current_app.config["SECRET_KEY"])
        if outcome.user is not None:
            # set_password bumps token_generation: old sessions and sync tokens stop working,
            # and results waiting on the phone are re-signed at her next login.
            accounts.set_password(outcome.user, form.password.data)
            flash(_("Listo, tu contraseña cambió. Entra con tu nueva contraseña."))
            return redirect(url_for(".login"))
        form.code.errors.append(_forgot_message(outcome.status))
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@open_while_enrolling
def logout():
    # The outbox lives on the phone and is never touched here: queued results keep their tokens.
    if EmptyForm().validate_on_submit():
        logout_user()
    return redirect(url_for("lessons.home"))


@bp.get("/locale/<locale>")
@open_while_enrolling
def set_locale(locale: str):
    # A plain link, not a form: every page can then stay free of a CSRF token, identical for
    # everyone (cacheable, revalidated by ETag). Switching the language is harmless if forged.
    response = redirect(_safe_next(url_for("lessons.home")))
    if locale in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:
            accounts.set_locale(current_user, locale)
    return response


def _password_limit_key() -> str:
    return f"password:{current_user.id if current_user.is_authenticated else 'anonymous'}"


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", key_func=_password_limit_key, methods=["POST"],
               error_message=lambda: _("Demasiados intentos. Espera 15 minutos."))
@login_required
def change_password():
    """A new password: her other sessions (other phones, a copied cookie) end; this one stays."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if accounts.authenticate(current_user.email, form.current.data) is None:
            security_log.failed_login("wrong_password", request.remote_addr, current_user.id, "",
                                      current_app.config["SECRET_KEY"])
            form.current.errors.append(_("La contraseña no es correcta."))
        else:
            accounts.set_password(current_user, form.password.data,
                                  keep_session=current_user.get_id())
            flash(_("Listo, tu contraseña cambió. En tus otros teléfonos entra otra vez."))
            return redirect(url_for(".account"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@bp.get("/account")
@login_required
def account():
    return render_template(
        "auth/account.html", logout_form=EmptyForm(), join_requests=joining.for_learner(current_user),
        join_code=joining.join_code(current_user, current_app.config["SECRET_KEY"]),
        link_form=LinkApplicationForm())
