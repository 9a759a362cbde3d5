"""Browser fixtures: the real app served from a thread on 127.0.0.1:<free port>, and Playwright
driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import delete
from werkzeug.serving import make_server

from learner import create_app
from learner.accounts.users import create_user
from learner.extensions import db
from learner.models import LessonCompletion, QuizAttempt, SyncConflict, User

PASSWORD = "secreto123"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def context(context):
    context.set_default_timeout(10_000)
    return context


class LiveServer:
    """The app on a free port. Switches: outage (503 on /api/), fail_sync (500 on /api/sync)."""

    def __init__(self, app):
        self.app = app
        self.outage = False
        self.fail_sync = False
        self.requests: list[tuple[str, str]] = []
        self.vias: list[str] = []  # X-Outbox-Via of each POST /api/sync: which trigger sent it
        self._httpd = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def _wsgi(self, environ, start_response):
        path = environ["PATH_INFO"]
        self.requests.append((environ["REQUEST_METHOD"], path))
        if path == "/api/sync":
            self.vias.append(environ.get("HTTP_X_OUTBOX_VIA", ""))
        if (self.outage and path.startswith("/api/")) or (self.fail_sync and path == "/api/sync"):
            status = "503 Service Unavailable" if self.outage else "500 Internal Server Error"
            start_response(status, [("Content-Type", "text/plain")])
            return [b"down"]
        return self.app(environ, start_response)

    def start(self):
        self._thread.start()

    def stop(self):
        self._httpd.shutdown()
        self._thread.join(5)

    def query(self, fn):
        with self.app.app_context():
            return fn(db.session)

    def attempts(self):
        return self.query(lambda s: [(a.id, a.user_id, a.quiz_id, a.score, a.receipt)
                                     for a in s.query(QuizAttempt).order_by(QuizAttempt.received_at)])

    def completions(self):
        return self.query(lambda s: [(c.id, c.user_id, c.lesson_id) for c in s.query(LessonCompletion)])

    def make_learner(self, name="Rosa Mamani", email=None):
        with self.app.app_context():
            user = create_user(name, email or f"{name.split()[0].lower()}{len(self.requests)}@example.bo",
                               PASSWORD)
            return {"id": user.id, "name": user.name, "email": user.email}

    def reset(self):
        with self.app.app_context():
            for model in (QuizAttempt, LessonCompletion, SyncConflict, User):
                db.session.execute(delete(model))
            db.session.commit()
        self.requests.clear()
        self.vias.clear()
        self.outage = self.fail_sync = False


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    path = tmp_path_factory.mktemp("db") / "browser.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "browser-tests",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(live_server):
    live_server.reset()
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url
