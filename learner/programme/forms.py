"""Forms of the scholarship call: the public application, activation, and the staff's forms."""

from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)

from learner.accounts.forms import EMAIL_PATTERN, not_common
from learner.programme.applications import ApplicationData, normalise_phone

DONT_KNOW = ("dont_know", _l("No sé"))
CHOOSE = _l("Elige una respuesta.")


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _choice(label, choices, message=CHOOSE, coerce=str):
    return RadioField(label, choices=options(choices), coerce=coerce,
                      validators=[InputRequired(message)])


class ApplicationForm(FlaskForm):
    _places: tuple = ()  # the call's CallCentre rows, set by offer()
    submission_id = HiddenField(validators=[DataRequired()])
    for_whom = _choice(_l("¿Para quién es la beca?"), [
        ("self", _l("Para mí")), ("family", _l("Para alguien de mi familia"))])
    applicant_name = StringField(_l("Tu nombre (quien llena esta solicitud)"),
                                 validators=[Length(max=120)])
    family_relation = SelectField(_l("¿Qué es de ti la persona que va a estudiar?"), choices=options([
        ("", _l("Elige")), ("daughter", _l("Mi hija")), ("son", _l("Mi hijo")),
        ("mother", _l("Mi mamá")), ("sister", _l("Mi hermana")), ("partner", _l("Mi pareja")),
        ("other", _l("Otro familiar"))]))
    name = StringField(_l("Nombre completo de quien va a estudiar"), validators=[
        DataRequired(_l("Escribe el nombre.")), Length(max=120, message=_l("El nombre es muy largo."))])
    # Choices (ids as text) are set by the view from the call's centres.
    region = SelectField(_l("Región"), validators=[InputRequired(_l("Elige tu región."))])
    # validate_centre checks the choice against the call's places: one clear message, not two.
    centre = SelectField(_l("Centro"), validators=[InputRequired(_l("Elige tu centro."))],
                         validate_choice=False)
    phone = TelField(_l("Celular con WhatsApp"),
                     validators=[DataRequired(_l("Escribe un número de celular."))])
    has_email = _choice(_l("¿Tienes correo electrónico?"), [("yes", _l("Sí")), ("no", _l("No"))])
    email = EmailField(_l("Correo electrónico"), validators=[Length(max=254)])
    hours = _choice(_l("¿Cuánto tiempo puedes dar al curso cada semana?"), [
        (1, _l("Menos de 2 horas")), (2, _l("De 2 a 4 horas")), (5, _l("5 horas o más"))], coerce=int)
    connection = _choice(_l("¿Cómo te vas a conectar?"), [
        ("own_phone", _l("Con mi propio celular")), ("shared_phone", _l("Con un celular que comparto")),
        ("centre_wifi", _l("Con el wifi del centro"))])
    search = _choice(_l("1. Para buscar información en internet, ¿qué usas?"), [
        ("search_engine", _l("Un buscador, como Google")), ("calculator", _l("La calculadora")),
        ("radio", _l("La radio")), DONT_KNOW])
    whatsapp = _choice(_l("2. ¿Qué necesitas para mandar un mensaje por WhatsApp?"), [
        ("internet", _l("Internet: datos móviles o wifi")), ("credit", _l("Solo saldo para llamadas")),
        ("nothing", _l("Nada, funciona siempre")), DONT_KNOW])
    prize = _choice(_l("3. Te llega un mensaje: «Ganaste un premio, manda tu contraseña». ¿Qué haces?"), [
        ("ignore", _l("No respondo y lo borro")), ("send", _l("Mando mi contraseña")),
        ("forward", _l("Se lo reenvío a mis amigas")), DONT_KNOW])
    pledge = BooleanField(validators=[DataRequired(_l("Para postular, acepta el compromiso."))])
    consent = BooleanField(validators=[DataRequired(_l("Para postular, acepta el uso de tus datos."))])

    def offer(self, call) -> list:
        """Set the choices from the call's centres, grouped by region; only these are accepted."""
        places = sorted(call.centres, key=lambda p: (p.centre.region.name, p.centre.name))
        regions = {p.centre.region.id: p.centre.region.name for p in places}
        self.region.choices = options([("", _l("Elige tu región"))] +
                                      [(str(rid), name) for rid, name in regions.items()])
        self.centre.choices = options([("", _l("Elige tu centro"))] +
                                      [(str(p.centre.id), p.centre.name) for p in places])
        self._places = tuple(places)
        return places

    def validate_centre(self, field):
        if not any(str(p.centre.id) == field.data and str(p.centre.region_id) == self.region.data
                   for p in self._places):
            raise ValidationError(_l("Elige un centro de tu región."))

    def validate_submission_id(self, field):
        try:
            field.data = str(uuid.UUID(field.data))
        except ValueError:
            raise ValidationError(_l("El formulario está dañado. Recarga la página.")) from None

    def validate_applicant_name(self, field):
        if self.for_whom.data == "family" and not (field.data or "").strip():
            raise ValidationError(_l("Escribe tu nombre."))

    def validate_family_relation(self, field):
        if self.for_whom.data == "family" and not field.data:
            raise ValidationError(_l("Elige qué es de ti."))

    def validate_phone(self, field):
        if normalise_phone(field.data) is None:
            raise ValidationError(_l("Escribe un celular de Bolivia: 8 números, como 71234567."))

    def validate_email(self, field):
        if self.has_email.data != "yes":
            return  # whatever is typed there is ignored: she said she has no e-mail
        if not (field.data or "").strip():
            raise ValidationError(_l("Escribe tu correo, o marca que no tienes."))
        if not re.match(EMAIL_PATTERN, field.data.strip()):
            raise ValidationError(_l("Revisa el correo. Debe ser como nombre@correo.com."))

    def to_data(self) -> ApplicationData:
        family = self.for_whom.data == "family"
        return ApplicationData(
            submission_id=self.submission_id.data, centre_id=int(self.centre.data), name=self.name.data,
            email=self.email.data.strip().lower() if self.has_email.data == "yes" else None,
            phone=normalise_phone(self.phone.data), for_whom=self.for_whom.data,
            applicant_name=self.applicant_name.data.strip() if family else None,
            family_relation=self.family_relation.data if family else None,
            hours_per_week=self.hours.data, connection=self.connection.data,
            self_check={q: getattr(self, q).data for q in ("search", "whatsapp", "prize")})


class ActivateForm(FlaskForm):
    code = StringField(_l("Tu código de activación"), validators=[DataRequired(_l("Escribe tu código."))])
    password = PasswordField(_l("Crea tu contraseña"), validators=[
        DataRequired(_l("Escribe una contraseña.")),
        Length(min=8, max=200, message=_l("La contraseña debe tener 8 letras o más.")), not_common])
    confirm = PasswordField(_l("Escríbela otra vez"), validators=[
        EqualTo("password", message=_l("Las dos contraseñas no son iguales."))])


class CallForm(FlaskForm):
    name = StringField(_l("Nombre de la convocatoria"), validators=[
        DataRequired(_l("Escribe un nombre.")), Length(max=100)])
    opens_on = DateField(_l("Abre el"), validators=[InputRequired(_l("Elige una fecha."))])
    closes_on = DateField(_l("Cierra el (incluido)"), validators=[InputRequired(_l("Elige una fecha."))])

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("La fecha de cierre debe ser después de la de apertura."))


class AwardTopForm(FlaskForm):
    n = IntegerField(_l("¿Cuántas becas asignar?"), validators=[
        InputRequired(_l("Escribe un número.")),
        NumberRange(min=1, max=10_000, message=_l("Escribe un número de 1 o más."))])
    expected_left = IntegerField(validators=[InputRequired()])


class EmailForm(FlaskForm):
    email = EmailField(_l("Su nuevo correo electrónico"), validators=[
        DataRequired(_l("Escribe el correo.")), Length(max=254),
        Regexp(EMAIL_PATTERN, message=_l("Revisa el correo. Debe ser como nombre@correo.com."))])


class CodeForm(FlaskForm):
    code = HiddenField(validators=[DataRequired()])


def parse_places(formdata, centre_ids: list[int]) -> tuple[dict[int, tuple[int, str]], list[str]]:
    """The call form's per-centre inputs (places-<id>, help-<id>): blank or 0 leaves a centre out."""
    chosen, errors = {}, []
    for centre_id in centre_ids:
        raw = (formdata.get(f"places-{centre_id}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > 100_000:
            errors.append(str(_l("Las plazas deben ser un número entero, 0 o más.")))
            continue
        help_text = (formdata.get(f"help-{centre_id}") or "").strip()[:300]
        if int(raw):
            chosen[centre_id] = (int(raw), help_text)
    return chosen, errors
