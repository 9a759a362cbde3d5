"""Forms to delete an account (Flask-WTF: CSRF on every one)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired


class DeleteMyAccountForm(FlaskForm):
    # Her password again: a phone left signed in must not let someone else erase her work.
    password = PasswordField(_l("Tu contraseña"), validators=[
        DataRequired(_l("Escribe tu contraseña para confirmar."))])
    understood = BooleanField(_l("Entiendo que mis resultados y certificados se borran para "
                                 "siempre."), validators=[
        DataRequired(_l("Marca la casilla para confirmar."))])


class DeleteLearnerForm(FlaskForm):
    understood = BooleanField(_l("Ella pidió que borremos su cuenta. Entiendo que no se puede "
                                 "deshacer."), validators=[
        DataRequired(_l("Marca la casilla para confirmar."))])
