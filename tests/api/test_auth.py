import pytest

from learner.accounts.users import find_by_email
from learner.models import User
from tests.conftest import login


def test_signup_creates_a_hashed_account_and_signs_in(client, app):
    response = client.post("/signup", data={"name": "Rosa", "email": "Rosa@Example.bo",
                                            "password": "mi gato come pan", "consent": "y"})
    assert response.status_code == 302
    user = find_by_email("rosa@example.bo")
    assert user.name == "Rosa" and user.consent_at is not None
    assert "mi gato" not in user.password_hash and user.password_hash.startswith(("scrypt", "pbkdf2"))
    me = client.get("/api/me").get_json()
    assert me["user"]["name"] == "Rosa" and me["token"]


@pytest.mark.parametrize("data, message", [
    ({"name": "", "email": "a@b.bo", "password": "12345678", "consent": "y"}, "Escribe tu nombre."),
    ({"name": "A", "email": "no-es-correo", "password": "12345678", "consent": "y"}, "Revisa tu correo"),
    ({"name": "A", "email": "a@b.bo", "password": "corta", "consent": "y"}, "8 letras o más"),
    ({"name": "A", "email": "a@b.bo", "password": "12345678"}, "acepta el uso de tus datos"),
])
def test_signup_with_bad_input_explains_in_spanish(client, data, message):
    response = client.post("/signup", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_signup_with_a_taken_email_says_so(client, make_user):
    user = make_user()
    response = client.post("/signup", data={"name": "Otra", "email": user.email.upper(),
                                            "password": "lluvia-de-julio", "consent": "y"})
    assert response.status_code == 400
    assert "Ya hay una cuenta con este correo" in response.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    user = make_user()
    wrong = client.post("/login", data={"email": user.email, "password": "otra-cosa"})
    unknown = client.post("/login", data={"email": "nadie@example.bo", "password": "otra-cosa"})
    assert wrong.status_code == unknown.status_code == 400
    message = "El correo o la contraseña no son correctos."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_remember_me_cookie_lasts_weeks_and_logout_ends_the_session(client, make_user):
    user = make_user()
    response = login(client, user)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert client.get("/progress").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/progress").status_code == 302


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_forms_refuse_a_post_without_csrf_token(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "secreto123"})
    assert response.status_code == 400
    assert client.get("/api/me").get_json()["user"] is None


def test_password_change_ends_old_sessions(client, make_user, app):
    from learner.accounts.users import set_password
    from learner.extensions import db
    user = make_user()
    login(client, user)
    set_password(db.session.get(User, user.id), "nueva-clave-larga")
    assert client.get("/progress").status_code == 302


def test_language_switch_is_remembered_and_sets_html_lang(client):
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)
    client.get("/locale/en")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page


def test_locale_switch_ignores_unknown_languages(client):
    client.get("/locale/xx")
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


def test_next_parameter_never_redirects_off_site(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": "secreto123"})
    assert response.headers["Location"] == "/"
