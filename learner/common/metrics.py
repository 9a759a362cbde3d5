"""Prometheus metrics for what matters here: sync outcomes and latency, applications, certificates,
rate-limit refusals. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (read by the
prometheus_client library itself) to an empty folder so /metrics sums every worker."""

from __future__ import annotations

import os

from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess)

SYNC_ITEMS = Counter("mo_sync_items_total", "Items received by /api/sync, by outcome",
                     ["status", "reason"])
SYNC_BATCH_SECONDS = Histogram("mo_sync_batch_seconds", "Server time to answer one /api/sync batch",
                               buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
APPLICATIONS = Counter("mo_applications_total", "Scholarship applications received, by outcome",
                       ["status", "reason"])
CERTIFICATES = Counter("mo_certificates_issued_total", "Certificates issued")
RATE_LIMITED = Counter("mo_rate_limited_total", "Requests refused by a rate limit", ["endpoint"])
CONTENT_TYPE = CONTENT_TYPE_LATEST


def count_results(counter: Counter, results: list[dict]) -> None:
    """One increment per item answer of the sync contract (status, and reason when refused)."""
    for result in results:
        counter.labels(status=result.get("status", "?"), reason=result.get("reason", "")).inc()


def exposition() -> bytes:
    """The text format, summed over every worker when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
