"""Response headers on every route, error pages in Spanish, request size limits."""

from __future__ import annotations

import pytest

from learner import create_app
from tests.security.conftest import build_url, get_rules, sign_in, url_values

REQUIRED_CSP = ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'")


def check_headers(response, url: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, f"{url}: CSP lacks {directive}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin"), url


@pytest.mark.parametrize("who", [None, "rosa", "coordinator"])
def test_every_get_route_sends_the_security_headers(app, client, people, who):
    if who:
        sign_in(client, getattr(people, who))
    values = url_values(app, people)
    seen = 0
    for rule in get_rules(app):
        url = build_url(rule, values)
        check_headers(client.get(url), url)
        seen += 1
    assert seen > 40  # the whole map, not a handful


def test_the_service_worker_and_error_answers_have_them_too(client):
    for url in ("/service-worker.js", "/no-such-page", "/api/no-such-thing"):
        check_headers(client.get(url), url)
    worker = client.get("/service-worker.js")
    assert worker.mimetype == "text/javascript" and worker.headers["Cache-Control"] == "no-cache"


def test_hsts_only_in_production(app, client, tmp_path):
    assert "Strict-Transport-Security" not in client.get("/").headers
    production = create_app({"PRODUCTION": True, "SECRET_KEY": "k" * 40, "TESTING": True,
                             "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
                             "ALLOW_SQLITE_IN_PRODUCTION": True})
    hsts = production.test_client().get("/offline").headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000


def test_pages_that_do_not_exist_answer_in_spanish_and_api_in_json(client):
    page = client.get("/no-existe")
    assert page.status_code == 404 and "No encontramos esta página" in page.get_data(as_text=True)
    assert '<html lang="es">' in page.get_data(as_text=True)
    api = client.get("/api/no-existe")
    assert api.status_code == 404 and api.get_json() == {"error": "not found"}


def test_a_server_error_shows_a_spanish_page_without_details(app, client):
    def boom():
        raise RuntimeError("secret internals: /srv/app/db.py line 12")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: handled, not raised
    page = client.get("/boom")
    body = page.get_data(as_text=True)
    assert page.status_code == 500 and "Algo salió mal" in body and "secret internals" not in body
    check_headers(page, "/boom")
    api = client.get("/api/boom")
    assert api.status_code == 500 and api.get_json() == {"error": "server error"}


def test_a_wrong_method_is_a_spanish_405(client):
    response = client.get("/logout")
    assert response.status_code == 405 and "No se puede hacer eso aquí" in response.get_data(as_text=True)


def test_form_bodies_over_the_limit_are_refused_in_spanish(client):
    response = client.post("/login", data={"email": "a@example.bo", "password": "x" * 600_000})
    assert response.status_code == 413
    assert "demasiado grande" in response.get_data(as_text=True)


def test_sync_bodies_over_256_kib_are_refused_before_reading(client):
    body = b'{"device": "x", "items": [' + b" " * (300 * 1024) + b"]}"
    response = client.post("/api/sync", data=body, content_type="application/json")
    assert response.status_code == 413 and "error" in response.get_json()


def test_a_page_showing_a_message_for_her_is_no_store_and_the_next_one_is_not(client):
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Usa tu correo rosa@example.bo")]
    first = client.get("/")
    assert "rosa@example.bo" in first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    second = client.get("/")
    assert "rosa@example.bo" not in second.get_data(as_text=True)
    assert second.headers["Cache-Control"] == "no-cache"
