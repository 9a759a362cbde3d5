"""Passwords are stored with scrypt at OWASP's cost (N=2^15, r=8, p=3: as strong as N=2^17, p=1,
in a quarter of the memory); a hash made with older settings is replaced at her next sign-in."""

from werkzeug.security import generate_password_hash

from learner.accounts import users as accounts
from learner.extensions import db
from tests.security.conftest import PASSWORD


def test_the_production_cost_is_owasps():
    assert accounts.PRODUCTION_METHOD == "scrypt:32768:8:3"


def test_new_passwords_are_hashed_with_the_configured_method(app):
    ana = accounts.create_user("Ana Quispe", "ana@example.bo", PASSWORD)
    assert ana.password_hash.startswith(f"{accounts.PASSWORD_METHOD}$")
    accounts.set_password(ana, "otra clave larga")
    assert ana.password_hash.startswith(f"{accounts.PASSWORD_METHOD}$")


def test_an_older_hash_is_replaced_at_her_next_sign_in_and_still_works(client, people):
    rosa = people.rosa
    rosa.password_hash = generate_password_hash(PASSWORD, "scrypt:16384:8:1")  # the old default
    db.session.commit()
    assert client.post("/login", data={"email": rosa.email, "password": PASSWORD}).status_code == 302
    db.session.refresh(rosa)
    assert rosa.password_hash.startswith(f"{accounts.PASSWORD_METHOD}$")
    assert accounts.authenticate(rosa.email, PASSWORD) == rosa


def test_a_wrong_password_changes_nothing(client, people):
    before = people.rosa.password_hash
    client.post("/login", data={"email": people.rosa.email, "password": "no-es-la-clave"})
    db.session.refresh(people.rosa)
    assert people.rosa.password_hash == before
