"""Sync ingest: results per second accepted by POST /api/sync (batches of 50, gunicorn -w 2),
next to a bare bulk insert of the very same rows through SQLAlchemy, and their ratio.

    .venv/bin/python bench/sync_ingest.py [--results 5000] [--db sqlite,postgresql]

Each batch is one learner's results (a phone's outbox), sent by 4 client threads. The bulk
insert re-inserts the rows the server stored (same ids, receipts, scores) after deleting them,
in batches of the same size with a commit per batch, then in one statement. Besides wall-clock
rates it prints CPU time per result (gunicorn workers and PostgreSQL backends, from /proc),
which a busy machine skews far less."""

from __future__ import annotations

import argparse
import json
import os
import threading
import time

from common import (CpuMeter, Server, attempt_item, banner, create_schema_and_learners,
                    database, make_app, percentile, quizzes, request)


def build_batches(tokens, quiz_list, total: int, size: int) -> list[list[dict]]:
    """Each batch is one phone's outbox: one learner's results; learners take turns."""
    batches = []
    for start in range(0, total, size):
        token = tokens[(start // size) % len(tokens)]
        batches.append([attempt_item(token, quiz_list[n % len(quiz_list)], n)
                        for n in range(start, min(start + size, total))])
    return batches


def send_all(port: int, batches: list[list[dict]], clients: int) -> tuple[float, list[float]]:
    """Send every batch from `clients` threads; return (seconds, per-request latencies)."""
    todo, latencies, failures = list(reversed(batches)), [], []
    lock = threading.Lock()

    def client(device: str) -> None:
        while True:
            with lock:
                if not todo:
                    return
                batch = todo.pop()
            t0 = time.perf_counter()
            status, body = request(port, "POST", "/api/sync", {"device": device, "items": batch})
            latencies.append(time.perf_counter() - t0)
            results = json.loads(body)["results"] if status == 200 else []
            if status != 200 or any(r["status"] != "stored" for r in results):
                failures.append((status, body[:200]))

    threads = [threading.Thread(target=client, args=(f"00000000-0000-4000-8000-{n:012d}",))
               for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} batches not fully stored, e.g. {failures[0]}")
    return elapsed, latencies


def bulk_insert(app, url: str, ids: list[str], size: int) -> tuple[float, float, float]:
    """Re-insert the stored rows: (seconds in batches with a commit each, seconds in one go,
    CPU seconds of the batched run: this process plus its PostgreSQL backend)."""
    from sqlalchemy import delete, insert, select

    from learner.extensions import db
    from learner.models import QuizAttempt
    columns = [c.key for c in QuizAttempt.__table__.columns]
    with app.app_context():
        stored = db.session.execute(select(QuizAttempt.__table__).where(
            QuizAttempt.id.in_(ids))).mappings().all()
        rows = [{k: row[k] for k in columns} for row in stored]
        assert len(rows) == len(ids), (len(rows), len(ids))
        timings, cpu = [], 0.0
        for step in (size, len(rows)):
            db.session.execute(delete(QuizAttempt).where(QuizAttempt.id.in_(ids)))
            db.session.commit()
            meter = CpuMeter(url, lambda: [os.getpid()]).start()
            start = time.perf_counter()
            for i in range(0, len(rows), step):
                db.session.execute(insert(QuizAttempt), rows[i:i + step])
                db.session.commit()
            timings.append(time.perf_counter() - start)
            cpu = cpu or sum(meter.stop())
        return timings[0], timings[1], cpu


def run(kind: str, total: int, size: int, learners: int, clients: int) -> None:
    with database(kind, "ingest") as url:
        app = make_app(url)
        tokens = create_schema_and_learners(app, learners)
        quiz_list = quizzes(app)
        warm = build_batches(tokens, quiz_list, size * 4, size)
        batches = build_batches(tokens, quiz_list, total, size)
        with Server(url) as server:
            send_all(server.port, warm, clients)  # imports, pools and caches warmed up first
            meter = CpuMeter(url, server.worker_pids).start()
            seconds, latencies = send_all(server.port, batches, clients)
            sync_cpu = meter.stop()
            errors = server.errors_logged()
        ids = [item["id"] for batch in batches for item in batch]
        bulk_batched, bulk_once, bulk_cpu = bulk_insert(app, url, ids, size)
        with app.app_context():
            from learner.extensions import db
            db.engine.dispose()
    sync_rate, bulk_rate = total / seconds, total / bulk_batched
    print(f"\n## {kind}: {total} results, batches of {size}, {clients} client threads, "
          f"gunicorn -w 2")
    print(f"POST /api/sync         {sync_rate:8.0f} results/s  ({seconds:.2f} s; request "
          f"p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms)")
    print(f"bulk insert, batches   {bulk_rate:8.0f} rows/s     ({bulk_batched:.2f} s, "
          f"insert(QuizAttempt) + commit per {size} rows, one process)")
    print(f"bulk insert, one go    {total / bulk_once:8.0f} rows/s     ({bulk_once:.2f} s)")
    print(f"ratio sync / bulk (batches of {size}): {sync_rate / bulk_rate:.3f}")
    per_row = 1000 / total
    print(f"CPU per result: sync {sum(sync_cpu) * per_row:.2f} ms (gunicorn workers "
          f"{sync_cpu[0] * per_row:.2f} + PostgreSQL {sync_cpu[1] * per_row:.2f}), bulk "
          f"{bulk_cpu * per_row:.2f} ms; ratio by CPU (bulk / sync): {bulk_cpu / sum(sync_cpu):.3f}"
          " (less skewed by other load on the machine)")
    print(f"server errors logged: {len(errors)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--db", default="sqlite,postgresql")
    args = parser.parse_args()
    banner("Sync ingest")
    for kind in args.db.split(","):
        run(kind, args.results, args.batch, args.learners, args.clients)


if __name__ == "__main__":
    main()
