"""Shared helpers for the benchmarks: a throw-away database, learners with sync tokens, the real
server (gunicorn) on 127.0.0.1, a small HTTP client and the figures (percentiles, RSS).

Nothing here is imported by the application or by the test suite."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET_KEY = "bench-secret-key-0123456789abcdef-not-for-production"
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def database(kind: str, name: str):
    """Yield a fresh database URL (sqlite file in a temp dir, or PostgreSQL bench_<name>)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    db_name = f"bench_{name}"
    subprocess.run(["dropdb", *PG, "--if-exists", db_name], check=True)
    subprocess.run(["createdb", *PG, db_name], check=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{db_name}"
    finally:
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", db_name], check=False)


def make_app(url: str):
    from learner import create_app
    from learner.config import normalise_db_url
    return create_app({"SQLALCHEMY_DATABASE_URI": normalise_db_url(url), "SECRET_KEY": SECRET_KEY})


def create_schema_and_learners(app, count: int) -> list[str]:
    """Create the schema and `count` learners in one insert; return their sync tokens."""
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from learner.accounts.users import issue_sync_token
    from learner.extensions import db
    from learner.models import User
    with app.app_context():
        db.create_all()
        hashed = generate_password_hash("bench-password")  # once: hashing 300 times is slow
        rows = [{"name": f"Participante {n}", "email": f"bench{n}@example.bo", "role": "learner",
                 "locale": "es", "password_hash": hashed, "token_generation": 0}
                for n in range(count)]
        if rows:
            db.session.execute(insert(User), rows)
            db.session.commit()
        users = db.session.scalars(select(User).order_by(User.id)).all()
        return [issue_sync_token(u, SECRET_KEY) for u in users]


def quizzes(app) -> list[tuple[str, str, dict]]:
    """(quiz id, content version, right answers) for every quiz of the catalogue."""
    catalog = app.extensions["catalog"]
    found = []
    for module in catalog.modules:
        for lesson in module.lessons:
            quiz = catalog.quiz(lesson.id)
            if quiz is None:
                continue
            answers = {q.id: sorted(q.answer) if q.type == "multiple" else next(iter(q.answer))
                       for q in quiz.questions}
            found.append((quiz.id, module.version, answers))
    return found


def attempt_item(token: str, quiz: tuple[str, str, dict], n: int) -> dict:
    quiz_id, version, answers = quiz
    return {"id": str(uuid.uuid4()), "type": "quiz_attempt", "token": token, "quiz": quiz_id,
            "content_version": version, "answers": answers,
            "answered_at": f"2026-11-20T10:{n % 60:02d}:00Z"}


class Server:
    """gunicorn -w <workers> on a free port of 127.0.0.1, stopped by its own pid."""

    def __init__(self, url: str, workers: int = 2, log_dir: str | None = None):
        self.port = free_port()
        self.url = url
        self.workers = workers
        self.log_dir = log_dir or tempfile.mkdtemp(prefix="bench-gunicorn-")
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "REDIS_URL")}
        env.update(DATABASE_URL=self.url, SECRET_KEY=SECRET_KEY)
        self.log = open(Path(self.log_dir) / "gunicorn.log", "w")
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", str(self.workers), "-b",
             f"127.0.0.1:{self.port}", "--backlog", "2048", "app:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                status, _ = request(self.port, "GET", "/api/me")
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to the master: it stops its own workers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def errors_logged(self) -> list[str]:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return [line for line in text.splitlines() if "[ERROR]" in line or "Traceback" in line]


def request(port: int, method: str, path: str, body: dict | None = None,
            timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def rss_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in KiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[rank - 1]


def banner(title: str) -> None:
    """What the figures were measured on, printed above them."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.machine())
    print(f"# {title}")
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}); "
          f"Python {platform.python_version()}; {postgres_version()}")
    print(f"# load average before: {load()} (other work on the machine skews the figures)")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def postgres_version() -> str:
    if not shutil.which("psql"):
        return "no PostgreSQL client"
    out = subprocess.run(["psql", *PG, "-Atc", "show server_version"], capture_output=True,
                         text=True)
    return f"PostgreSQL {out.stdout.strip()}" if out.returncode == 0 else "PostgreSQL unreachable"


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """user + system CPU seconds of each process still alive (robust to a busy machine)."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def postgres_backends(url: str) -> list[int]:
    """Server processes serving connections to this benchmark's PostgreSQL database."""
    if not url.startswith("postgres"):
        return []
    name = url.rsplit("/", 1)[1]
    out = subprocess.run(["psql", *PG, "-d", "postgres", "-Atc",
                          f"select pid from pg_stat_activity where datname = '{name}'"],
                         capture_output=True, text=True, check=True)
    return [int(line) for line in out.stdout.split()]


class CpuMeter:
    """CPU seconds spent by some processes (and the PostgreSQL backends of a database) between
    start() and stop(); processes that appear meanwhile count from zero."""

    def __init__(self, url: str, pids):
        self.url, self.pids = url, pids  # pids: a callable, evaluated at start and stop

    def start(self) -> CpuMeter:
        self.app0 = cpu_seconds(self.pids())
        self.db0 = cpu_seconds(postgres_backends(self.url))
        return self

    def stop(self) -> tuple[float, float]:
        """(seconds in the given processes, seconds in PostgreSQL backends)."""
        app1 = cpu_seconds(self.pids())
        db1 = cpu_seconds(postgres_backends(self.url))
        app = sum(v - self.app0.get(pid, 0.0) for pid, v in app1.items())
        db = sum(v - self.db0.get(pid, 0.0) for pid, v in db1.items())
        return app, db
