"""HTML pages revalidate by ETag: an unchanged page is a 304 with no body, a changed one a 200."""

import re
import time
import types

import itsdangerous.timed
import pytest

from tests.conftest import login

BR = {"Accept-Encoding": "br, gzip"}
LESSON = "/modules/conectate/lessons/tu-celular"


def revalidate(client, path, headers=None):
    """The first answer, and the answer to a GET with its ETag."""
    first = client.get(path, headers=headers or {})
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    return first, client.get(path, headers={**(headers or {}), "If-None-Match": etag})


@pytest.mark.parametrize("headers", [{}, BR], ids=["plain", "compressed"])
def test_an_unchanged_page_is_a_304_without_body(client, headers):
    _first, second = revalidate(client, "/", headers)
    assert second.status_code == 304 and second.get_data() == b""


def form_token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_a_page_with_a_form_revalidates_within_the_session(client, make_user, monkeypatch):
    login(client, make_user())
    before = form_token(client.get(LESSON))
    first = client.get(LESSON, headers=BR)
    # An hour later its token is signed anew: the page is still the same page.
    later = time.time() + 3600
    monkeypatch.setattr(itsdangerous.timed, "time", types.SimpleNamespace(time=lambda: later))
    assert form_token(client.get(LESSON)) != before
    second = client.get(LESSON, headers={**BR, "If-None-Match": first.headers["ETag"]})
    assert first.headers["Content-Encoding"] == "br"
    assert second.status_code == 304 and second.get_data() == b""


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_token_of_a_page_kept_after_a_304_still_passes_and_forms_stay_protected(client, make_user):
    user = make_user()
    token = client.get("/api/csrf").get_json()["csrf_token"]
    client.post("/login", data={"email": user.email, "password": "secreto123", "csrf_token": token})
    kept = client.get(LESSON)
    token = form_token(kept)
    assert client.get(LESSON, headers={"If-None-Match": kept.headers["ETag"]}).status_code == 304
    assert client.post(LESSON + "/done", data={}).status_code == 400
    assert client.post(LESSON + "/done", data={"csrf_token": "x" + token}).status_code == 400
    assert client.post(LESSON + "/done", data={"csrf_token": token}).status_code == 302


def test_a_changed_page_is_a_200_with_the_new_page(client):
    first = client.get("/", headers=BR)
    client.get("/locale/en")  # the same URL now renders another page
    second = client.get("/", headers={**BR, "If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert second.headers["Content-Encoding"] == "br"


def test_another_session_does_not_get_a_304_for_a_page_with_its_token(app, make_user):
    user = make_user()
    rosa, other = app.test_client(), app.test_client()
    for client in (rosa, other):
        login(client, user)
    etag = rosa.get(LESSON).headers["ETag"]
    assert rosa.get(LESSON, headers={"If-None-Match": etag}).status_code == 304
    assert other.get(LESSON, headers={"If-None-Match": etag}).status_code == 200


def test_anonymous_pages_carry_no_csrf_token(client):
    for path in ("/", "/profiles", "/offline", "/outbox", "/verificar"):
        assert "csrf_token" not in client.get(path).get_data(as_text=True), path


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_a_script_on_a_cached_page_asks_for_the_token_when_it_posts(client, make_user):
    user = make_user()
    token = client.get("/api/csrf").get_json()["csrf_token"]
    client.post("/login", data={"email": user.email, "password": "secreto123", "csrf_token": token})
    token = client.get("/api/csrf").get_json()["csrf_token"]
    body = {"device": "0b9f7c1e-3f5e-4c1a-9d8e-2a6b5c4d3e2f", "label": "", "proof": "p" * 43}
    assert client.post("/api/profiles/credential", json=body).status_code == 400
    answer = client.post("/api/profiles/credential", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code in (200, 201) and answer.get_json()["secret"]
