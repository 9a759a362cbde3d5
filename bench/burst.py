"""A centre's burst: 300 phones on 127.0.0.1 each sync 30 queued results within a minute, with
resends and dropped replies; every result must be stored exactly once, with no 5xx. Also the
resident memory of each gunicorn worker before and after the burst (the "Memory" figures).

    .venv/bin/python bench/burst.py [--phones 300] [--items 30] [--window 60] [--db sqlite,postgresql]

A phone arrives at a random moment of the window (seeded), then flushes its outbox as the app
does (batches of up to 50, an item leaves only on `stored` or `duplicate`). A dropped reply:
the phone sends the request, closes the connection without reading the answer, and sends the
same items again 1-3 s later. A resend: after its outbox is empty, the phone sends a tenth of
its results once more (two flushes racing); the answer must be `duplicate`."""

from __future__ import annotations

import argparse
import http.client
import json
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from common import (Server, attempt_item, banner, create_schema_and_learners, database, load,
                    make_app, percentile, quizzes, rss_kb)

BATCH, MAX_TRIES = 50, 12


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    http: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    stored_twice: list[str] = field(default_factory=list)
    stored_ids: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def post(port: int, body: dict, drop: bool) -> tuple[int, dict | None, float]:
    data = json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    t0 = time.perf_counter()
    try:
        conn.request("POST", "/api/sync", body=data, headers={"Content-Type": "application/json"})
        if drop:
            return 0, None, 0.0  # the phone lost its connection: no answer read
        response = conn.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - t0
        return response.status, json.loads(payload) if response.status == 200 else None, elapsed
    finally:
        conn.close()


class Phone:
    def __init__(self, token: str, quiz_list, count: int, rng: random.Random):
        self.device = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self.items = [attempt_item(token, rng.choice(quiz_list), n) for n in range(count)]
        self.rng = random.Random(rng.random())

    def run(self, port: int, tally: Tally, drop_rate: float, resend_rate: float) -> None:
        self.flush(port, tally, list(self.items), drop_rate, first=True)
        again = self.rng.sample(self.items, round(len(self.items) * resend_rate))
        if again:
            self.flush(port, tally, again, drop_rate, first=False)

    def flush(self, port, tally: Tally, outbox: list[dict], drop_rate: float, first: bool):
        for _ in range(MAX_TRIES):
            if not outbox:
                return
            batch = outbox[:BATCH]
            drop = self.rng.random() < drop_rate
            try:
                status, body, elapsed = post(port, {"device": self.device, "items": batch}, drop)
            except TimeoutError:
                status, body, elapsed = "timed out (60 s)", None, 0.0  # sent again, like a drop
            except OSError as exc:
                status, body, elapsed = "connection error", None, 0.0
                with tally.lock:
                    tally.failures.append(f"{type(exc).__name__}: {exc}")
            acked = self.record(tally, status, body, elapsed, first)
            outbox[:] = [item for item in outbox if item["id"] not in acked]
            if status != 200:
                time.sleep(self.rng.uniform(1, 3))  # back off, then send the same items again
        if outbox:
            with tally.lock:
                tally.failures.append(f"{self.device}: {len(outbox)} items never acknowledged")

    @staticmethod
    def record(tally: Tally, status: int | str, body, elapsed: float, first: bool) -> set[str]:
        with tally.lock:
            tally.http["dropped reply" if status == 0 else status] += 1
            if status != 200:
                return set()
            tally.latencies.append(elapsed)
            acked = set()
            for result in body["results"]:
                tally.statuses[result["status"]] += 1
                if result["status"] == "stored":
                    if result["id"] in tally.stored_ids or not first:
                        tally.stored_twice.append(result["id"])
                    tally.stored_ids.add(result["id"])
                if result["status"] in ("stored", "duplicate"):
                    acked.add(result["id"])
            return acked


def burst(port: int, phones: list[Phone], window: float, drop: float, resend: float,
          rng: random.Random) -> tuple[Tally, float]:
    tally = Tally()
    start = time.monotonic() + 0.5
    offsets = [rng.uniform(0, window) for _ in phones]

    def arrive(phone: Phone, offset: float) -> None:
        time.sleep(max(0.0, start + offset - time.monotonic()))
        phone.run(port, tally, drop, resend)

    threads = [threading.Thread(target=arrive, args=(p, o), daemon=True)
               for p, o in zip(phones, offsets)]
    for t in threads:
        t.start()
    deadline = start + window + 180  # bounded: a phone stuck past this is reported, not awaited
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        tally.failures.append(f"{stuck} phones still running at the deadline")
    return tally, time.monotonic() - start


def memory(server: Server) -> str:
    parts = [f"master {rss_kb(server.proc.pid)['VmRSS'] / 1024:.1f}"]
    for pid in server.worker_pids():
        kb = rss_kb(pid)
        parts.append(f"worker {kb['VmRSS'] / 1024:.1f} (peak {kb['VmHWM'] / 1024:.1f})")
    return ", ".join(parts) + " MiB"


def stored_rows(app, ids: list[str]) -> tuple[int, int]:
    """(rows in quiz_attempt, distinct ids of this run found among them)."""
    from sqlalchemy import func, select, text

    from learner.extensions import db
    from learner.models import QuizAttempt
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(QuizAttempt))
        found = set()
        for i in range(0, len(ids), 500):
            found.update(db.session.scalars(select(QuizAttempt.id).where(
                QuizAttempt.id.in_(ids[i:i + 500]))))
        if db.engine.dialect.name == "sqlite":
            print("SQLite journal mode:", db.session.execute(text("PRAGMA journal_mode")).scalar())
        db.engine.dispose()
        return total, len(found)


def report(kind, args, tally: Tally, seconds: float, rows: tuple[int, int], ids, mem,
           warm_rows: int) -> None:
    unique = len(set(ids))
    rows = (rows[0] - warm_rows, rows[1])  # the warm-up phone's rows are not this run's
    server_errors = sum(n for code, n in tally.http.items() if isinstance(code, int) and code >= 500)
    ok = (rows == (unique, unique) and not server_errors and not tally.stored_twice
          and not tally.failures)  # a timed-out request is retried: slow, not lost
    lat = tally.latencies
    print(f"\n## {kind}: {args.phones} phones x {args.items} results, arrivals over "
          f"{args.window:.0f} s, {args.resend:.0%} resent, {args.drop:.0%} replies dropped")
    print(f"finished in {seconds:.1f} s; requests by answer: {dict(tally.http)}")
    print(f"item answers: {dict(tally.statuses)}")
    print(f"latency of answered requests: p50 {percentile(lat, 50) * 1000:.0f} ms, "
          f"p95 {percentile(lat, 95) * 1000:.0f} ms, p99 {percentile(lat, 99) * 1000:.0f} ms, "
          f"max {max(lat) * 1000:.0f} ms ({len(lat)} requests)")
    print(f"stored exactly once: {rows[1]} of {unique} unique ids in the database, "
          f"{rows[0]} rows in all (warm-up excluded); 'stored' answered twice for {len(tally.stored_twice)} ids; "
          f"5xx: {server_errors}; failures: {len(tally.failures)} {tally.failures[:3]}")
    print(f"memory before the burst: {mem[0]}")
    print(f"memory after the burst:  {mem[1]}")
    print(f"server errors logged: {mem[2]}; load average after: {load()}")
    print("RESULT:", "PASS" if ok else "FAIL", "(every result stored exactly once, no 5xx, every "
          "outbox emptied)" + (f"; {tally.http['timed out (60 s)']} requests timed out"
                               if tally.http["timed out (60 s)"] else ""))


def run(kind: str, args) -> None:
    rng = random.Random(args.seed)
    with database(kind, "burst") as url:
        app = make_app(url)
        tokens = create_schema_and_learners(app, args.phones)
        quiz_list = quizzes(app)
        phones = [Phone(token, quiz_list, args.items, rng) for token in tokens]
        warm = Phone(tokens[0], quiz_list, 4, rng)
        with Server(url) as server:
            for _ in range(4):  # both workers import everything and open a connection first
                warm.run(server.port, Tally(), 0.0, 0.0)
            before = memory(server)
            tally, seconds = burst(server.port, phones, args.window, args.drop, args.resend, rng)
            mem = (before, memory(server), len(server.errors_logged()))
        ids = [item["id"] for phone in phones for item in phone.items]
        report(kind, args, tally, seconds, stored_rows(app, ids), ids, mem, len(warm.items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--resend", type=float, default=0.10)
    parser.add_argument("--drop", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", default="sqlite,postgresql")
    args = parser.parse_args()
    banner("A centre's burst")
    for kind in args.db.split(","):
        run(kind, args)


if __name__ == "__main__":
    main()
