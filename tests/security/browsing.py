"""Browser helpers for the security tests: a programme with a hostile learner on the live server,
the HTML pages of the URL map, and a watch for CSP violations, dialogs and injected elements."""

from __future__ import annotations

from dataclasses import dataclass

from learner.extensions import db
from tests.security.conftest import build_people, build_url, get_rules, url_values

# Free text a learner controls, shown to trainers and coordinators: it must stay text.
HOSTILE_NAME = 'Rosa <img src=x onerror=alert(1)><script>alert("nombre")</script>'
HOSTILE_ANSWER = '<img src=x onerror=alert("resp")>'
NOT_HTML = (".pdf", ".csv", ".svg", ".js", ".webmanifest", ".json")
DOWNLOADS = {"static", "privacy.my_data", "privacy.admin.learner_data"}
# Listens before any page script runs (Playwright injects it outside the page's CSP).
WATCH_JS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@dataclass(frozen=True)
class LiveWorld:
    emails: dict[str, str]  # persona -> e-mail
    pages: list[str]  # every HTML page of the URL map, with Rosa's and centre A's ids


def html_pages(app, people) -> list[str]:
    values = url_values(app, people)
    pages = []
    for rule in get_rules(app):
        if rule.endpoint in DOWNLOADS or rule.rule.startswith("/api/") or rule.rule.endswith(NOT_HTML):
            continue
        if rule.endpoint.startswith("ops."):  # JSON/text for load balancers and Prometheus, not pages
            continue
        pages.append(build_url(rule, values))
    return pages


def seed(live_server) -> LiveWorld:
    with live_server.app.app_context():
        people = build_people(rosa_name=HOSTILE_NAME, answers={"q1": HOSTILE_ANSWER})
        people.application.applicant_name = HOSTILE_NAME
        db.session.commit()
        emails = {who: getattr(people, who).email
                  for who in ("rosa", "eva", "trainer_a", "trainer_b", "coordinator")}
        return LiveWorld(emails, html_pages(live_server.app, people))


class Watch:
    """What a page did that it must not: CSP violations, dialogs (alert), injected elements."""

    def __init__(self, page):
        self.page, self.dialogs, self.console = page, [], []
        page.add_init_script(WATCH_JS)
        page.on("dialog", self._dialog)
        page.on("console", lambda m: "Content Security Policy" in m.text and self.console.append(m.text))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def problems(self, url: str) -> list[str]:
        found = [f"{url}: CSP {v}" for v in self.page.evaluate("window.__violations || []")]
        found += [f"{url}: console {c}" for c in self.console]
        found += [f"{url}: dialog {d}" for d in self.dialogs]
        injected = self.page.locator('img[src="x"], script:not([src])').count()
        if injected:
            found.append(f"{url}: {injected} injected element(s)")
        self.console.clear()
        self.dialogs.clear()
        return found


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Tu correo electrónico").fill(email)
    page.get_by_label("Tu contraseña").fill("secreto123")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")
