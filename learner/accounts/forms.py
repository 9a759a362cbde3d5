"""Web forms (Flask-WTF: CSRF on every one). Messages in Spanish through Babel."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from learner.accounts.passwords import is_common

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def not_common(form, field) -> None:
    """The one check every form that sets a password uses (sign-up, reset, activation, change)."""
    if field.data and is_common(field.data):
        raise ValidationError(_l("Esta contraseña es muy conocida y fácil de adivinar. "
                                 "Elige otra, por ejemplo tres palabras que recuerdes."))


class SignupForm(FlaskForm):
    name = StringField(_l("Tu nombre"), validators=[
        DataRequired(_l("Escribe tu nombre.")), Length(max=120, message=_l("El nombre es muy largo."))])
    email = EmailField(_l("Tu correo electrónico"), validators=[
        DataRequired(_l("Escribe tu correo.")),
        Regexp(EMAIL_PATTERN, message=_l("Revisa tu correo. Debe ser como nombre@correo.com.")),
        Length(max=254)])
    password = PasswordField(_l("Crea una contraseña"), validators=[
        DataRequired(_l("Escribe una contraseña.")),
        Length(min=8, max=200, message=_l("La contraseña debe tener 8 letras o más.")), not_common])
    consent = BooleanField(validators=[
        DataRequired(_l("Para seguir, acepta el uso de tus datos."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Tu correo electrónico"), validators=[DataRequired(_l("Escribe tu correo."))])
    password = PasswordField(_l("Tu contraseña"), validators=[DataRequired(_l("Escribe tu contraseña."))])
    remember = BooleanField(_l("Seguir conectada en este celular"), default=True)


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that POST (logout, mark as done, language)."""


class CodeForm(FlaskForm):
    """The 6 numbers of the authenticator app (staff second factor)."""

    code = StringField(_l("Código de 6 números de tu aplicación"), validators=[
        DataRequired(_l("Escribe el código.")),
        Regexp(r"^[\d\s-]{6,9}$", message=_l("El código tiene 6 números, como 123 456."))])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Tu contraseña de ahora"), validators=[
        DataRequired(_l("Escribe tu contraseña de ahora."))])
    password = PasswordField(_l("Tu nueva contraseña"), validators=[
        DataRequired(_l("Escribe una contraseña.")),
        Length(min=8, max=200, message=_l("La contraseña debe tener 8 letras o más.")), not_common])
    confirm = PasswordField(_l("Escribe otra vez la nueva contraseña"), validators=[
        EqualTo("password", message=_l("Las dos contraseñas no son iguales."))])
