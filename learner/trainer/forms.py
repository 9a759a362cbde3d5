"""Forms for staff support and the forgotten password (Flask-WTF: CSRF on every one)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from learner.accounts.forms import EMAIL_PATTERN, not_common


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Tu correo electrónico"), filters=[_strip],
                       validators=[DataRequired(_l("Escribe tu correo."))])
    code = StringField(_l("Código que te dio tu facilitadora (6 números)"), validators=[
        DataRequired(_l("Escribe el código.")),
        Regexp(r"^[\d\s-]{6,12}$", message=_l("El código tiene 6 números, como 123 456."))])
    password = PasswordField(_l("Tu nueva contraseña"), validators=[
        DataRequired(_l("Escribe una contraseña.")),
        Length(min=8, max=200, message=_l("La contraseña debe tener 8 letras o más.")), not_common])
    confirm = PasswordField(_l("Escribe otra vez la nueva contraseña"), validators=[
        EqualTo("password", message=_l("Las dos contraseñas no son iguales."))])


class EnrolForm(FlaskForm):
    email = EmailField(_l("Correo de la participante"), filters=[_strip], validators=[
        DataRequired(_l("Escribe el correo.")),
        Regexp(EMAIL_PATTERN, message=_l("Revisa el correo. Debe ser como nombre@correo.com.")),
        Length(max=254)])
    name = StringField(_l("Nombre (solo si todavía no tiene cuenta)"), validators=[
        Optional(), Length(max=120, message=_l("El nombre es muy largo."))])
    code = StringField(_l("Su código para unirse (si ya tiene cuenta y te lo da)"), filters=[_strip],
                       validators=[Optional(), Length(max=20)])


class AcceptForm(FlaskForm):
    """A trainer takes a new learner (who chose her centre) into one of its groups."""
    cohort = SelectField(_l("Grupo"), coerce=int, validate_choice=True)


class MoveForm(FlaskForm):
    cohort = SelectField(_l("Pasar al grupo"), coerce=int, validate_choice=True)
