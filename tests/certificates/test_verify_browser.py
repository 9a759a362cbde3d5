"""In Chromium: the QR payload of her certificate is verified by the page itself, online and
with the network off (Ed25519 in WebCrypto), and a tampered payload is refused."""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect

from learner.certificates import awards as certs
from learner.accounts.users import create_user
from learner.certificates.signing import b64url, unb64url
from learner.extensions import db
from tests.certificates.conftest import complete

pytestmark = pytest.mark.browser
PASSWORD = "secreto123"


@pytest.fixture
def learner(cert_server):
    """A learner who has completed Conéctate, with her certificate."""
    with cert_server.app_context():
        user = create_user("Rosa Ñusta Mamani", f"rosa-{uuid.uuid4().hex[:8]}@example.bo", PASSWORD)
        catalog = cert_server.extensions["catalog"]
        complete(user, catalog.module("conectate"))
        cert = certs.award_if_complete(user, catalog, 0.7)[0]
        db.session.commit()
        return {"email": user.email, "code": cert.code}


@pytest.fixture
def page(context, base_url):
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base = base_url
    return page


def sign_in_and_read_payload(page, learner) -> str:
    page.goto(f"{page.base}/login")
    page.get_by_label("Tu correo electrónico").fill(learner["email"])
    page.get_by_label("Tu contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{page.base}/certificates")
    expect(page.locator("#main").get_by_text("¡Felicidades! Ganaste tu certificado")).to_be_visible()
    page.get_by_role("link", name="Conéctate").click()
    href = page.get_by_role("link", name="Comprobar la firma sin internet").get_attribute("href")
    assert href.startswith(f"{page.base}/verificar#")
    return href.split("#", 1)[1]


def tamper_name(payload: str) -> str:
    body, signature = payload.split(".")
    facts = json.loads(unb64url(body)) | {"n": "Otra Persona"}
    return b64url(json.dumps(facts, ensure_ascii=False, separators=(",", ":")).encode()) + "." + signature


def expect_verdict(page, text: str) -> None:
    expect(page.locator("#verify-verdict")).to_have_text(text)


def test_the_qr_payload_verifies_online_and_offline_and_tampering_is_caught(page, context, learner):
    payload = sign_in_and_read_payload(page, learner)

    page.goto(f"{page.base}/verificar#{payload}")  # online: signature and registry
    expect_verdict(page, "Auténtico")
    expect(page.locator('[data-fact="n"]')).to_have_text("Rosa Ñusta Mamani")
    expect(page.locator('[data-fact="m"]')).to_have_text("Conéctate")
    expect(page.locator('[data-fact="c"]')).to_have_text(certs.format_code(learner["code"]))
    expect(page.locator("#verify-online")).to_have_text("Comprobado en línea: sigue vigente.")

    page.evaluate("location.hash = ''")
    expect(page.locator("#verify-empty")).to_be_visible()
    context.set_offline(True)
    requests = []
    # What the page asks for; the browser refetching the tab's icon on a fragment change is not.
    page.on("request", lambda r: "/static/icons/" in r.url or requests.append(r.url))
    page.evaluate("(p) => { location.hash = p; }", payload)  # only the fragment changes
    expect_verdict(page, "Auténtico")
    expect(page.locator('[data-fact="n"]')).to_have_text("Rosa Ñusta Mamani")
    expect(page.locator("#verify-online")).to_contain_text("Comprobado sin internet")

    page.evaluate("(p) => { location.hash = p; }", tamper_name(payload))
    expect_verdict(page, "No válido")
    expect(page.locator("#verify-facts")).to_be_hidden()
    body, signature = payload.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    page.evaluate("(p) => { location.hash = p; }", f"{body}.{flipped}")
    expect_verdict(page, "No válido")
    page.evaluate("(p) => { location.hash = p; }", "esto-no-es-un-certificado")
    expect_verdict(page, "No válido")
    assert requests == [], f"the offline check used the network: {requests}"


def test_a_revoked_certificate_is_reported_when_online(page, cert_server, learner):
    payload = sign_in_and_read_payload(page, learner)
    with cert_server.app_context():
        from learner.models import User
        cert = certs.find(learner["code"])
        certs.revoke(cert, "Prueba", db.session.query(User).filter_by(email=learner["email"]).one())
        db.session.commit()
    page.goto(f"{page.base}/verificar#{payload}")
    expect_verdict(page, "Anulado")


def test_she_can_keep_her_certificate_on_the_phone(page, learner):
    sign_in_and_read_payload(page, learner)
    page.get_by_role("button", name="Guardar en el teléfono").click()
    expect(page.locator("#save-status")).to_contain_text("Guardado en tu teléfono")
    cached = page.evaluate("""async (code) => {
        const cache = await caches.open('mo-certificates');
        return Promise.all([`/certificates/${code}`, `/certificates/${code}.pdf`]
            .map(async (u) => {
                const r = await cache.match(u);
                return r ? r.headers.get('content-type') : null;
            }));
    }""", learner["code"])
    assert cached[0].startswith("text/html") and cached[1] == "application/pdf"
    page.get_by_role("button", name="Quitar del teléfono").click()
    expect(page.get_by_role("button", name="Guardar en el teléfono")).to_be_visible()
