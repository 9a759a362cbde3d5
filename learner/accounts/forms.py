"""Web forms (Flask-WTF: CSRF on every one). Messages in Spanish through Babel."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TelField
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
    # Her centre, by her own choice (DESIGN 3.9): ids as text, set by offer_centres. Optional:
    # a woman who learns on her own may have no centre yet.
    region = SelectField(_l("Tu región"), validate_choice=False)
    centre = SelectField(_l("Tu centro"), validate_choice=False)
    consent = BooleanField(validators=[
        DataRequired(_l("Para seguir, acepta el uso de tus datos."))])

    def offer_centres(self, regions) -> None:
        """The regions and their centres to choose from."""
        self._regions = list(regions)
        self.region.choices = [("", _l("Elige tu región"))] + [(str(r.id), r.name)
                                                                for r in self._regions]
        self.centre.choices = [("", _l("Todavía no tengo centro"))] + [
            (str(c.id), c.name) for r in self._regions for c in r.centres]

    def chosen_centre(self):
        for region in getattr(self, "_regions", ()):
            for centre in region.centres:
                if str(centre.id) == self.centre.data:
                    return centre
        return None

    def validate_centre(self, field) -> None:
        if not field.data:
            return
        centre = self.chosen_centre()
        if centre is None:
            raise ValidationError(_l("Elige un centro de la lista."))
        if str(centre.region_id) != self.region.data:
            raise ValidationError(_l("Elige un centro de tu región."))


class LinkApplicationForm(FlaskForm):
    """She proves an application is hers: its reference and the phone written in it."""
    reference = StringField(_l("Referencia de tu postulación"), validators=[
        DataRequired(_l("Escribe la referencia.")), Length(max=20)])
    phone = TelField(_l("Celular que escribiste en la postulación"), validators=[
        DataRequired(_l("Escribe el celular.")), Length(max=30)])


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
