"""Liveness, readiness, metrics and request logs: what a load balancer and an operator see."""

import json
import logging
import uuid

import pytest
from flask_migrate import upgrade
from prometheus_client import REGISTRY

from learner.accounts.users import issue_sync_token
from learner.extensions import db
from tests.conftest import reset_schema

TOKEN = "metrics-token-for-tests"


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_healthz_answers_while_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_waits_for_the_migrations(app, client):
    response = client.get("/readyz")  # the fixture builds the schema from the models, unmigrated
    assert response.status_code == 503
    assert response.json["checks"] == {"database": True, "limits": True, "migrations": False}
    with db.engine.begin() as connection:  # start again from an empty database, then migrate
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.drop_all()
    if db.engine.dialect.name == "postgresql":
        reset_schema()
        db.drop_all()
    upgrade()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["status"] == "ready"


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
def test_readyz_says_not_ready_when_the_limit_store_is_down(client):
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["limits"] is False


@pytest.mark.config(METRICS_TOKEN=TOKEN)
def test_metrics_need_the_token(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    page = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert page.status_code == 200 and b"mo_sync_items_total" in page.data


def test_without_a_token_configured_metrics_do_not_exist(client):
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.config(METRICS_TOKEN=TOKEN)
def test_sync_outcomes_are_counted_by_status_and_reason(app, client, make_user, catalog):
    rosa = make_user()
    token = issue_sync_token(rosa, app.config["SECRET_KEY"])
    lesson = catalog.modules[0].lessons[0]
    good = {"id": str(uuid.uuid4()), "type": "lesson_completed", "token": token, "lesson": lesson.id,
            "content_version": catalog.modules[0].version, "completed_at": "2026-12-01T10:00:00Z"}
    unknown = {**good, "id": str(uuid.uuid4()), "lesson": "no/such-lesson"}
    before = (sample("mo_sync_items_total", status="stored", reason=""),
              sample("mo_sync_items_total", status="duplicate", reason=""),
              sample("mo_sync_batch_seconds_count"))
    body = {"device": str(uuid.uuid4()), "items": [good, unknown]}
    results = client.post("/api/sync", json=body).json["results"]
    client.post("/api/sync", json={**body, "items": [good]})
    reason = results[1]["reason"]
    assert results[0]["status"] == "stored" and results[1]["status"] == "rejected"
    assert sample("mo_sync_items_total", status="stored", reason="") == before[0] + 1
    assert sample("mo_sync_items_total", status="duplicate", reason="") == before[1] + 1
    assert sample("mo_sync_items_total", status="rejected", reason=reason) >= 1
    assert sample("mo_sync_batch_seconds_count") == before[2] + 2


@pytest.mark.config(REQUEST_LOG=True)
def test_each_request_is_one_json_line_without_personal_data(client, make_user, caplog):
    rosa = make_user()
    with caplog.at_level(logging.INFO, logger="learner.requests"):
        client.post("/login", data={"email": rosa.email, "password": "secreto123"})
        client.get("/?email=" + rosa.email)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "learner.requests"]
    assert [(line["endpoint"], line["status"]) for line in lines] == [
        ("auth.login", 302), ("lessons.home", 200)]
    assert lines[1]["role"] == "learner" and isinstance(lines[1]["ms"], float)
    assert rosa.email not in caplog.text and rosa.name not in caplog.text


def test_request_logs_are_off_by_default_outside_production(client, caplog):
    with caplog.at_level(logging.INFO, logger="learner.requests"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "learner.requests"]
