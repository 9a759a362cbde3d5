"""Denied staff-area requests are logged (ASVS 16.3, L2): a 403 from a role check or a 404 from the
centre scope writes one line with the account, endpoint, method and address, and nothing personal."""

from __future__ import annotations

import logging

import pytest

from tests.security.conftest import sign_in

IP = "203.0.113.9"


def denied_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "learner.web.security" and "staff area denied" in r.getMessage()]


def test_a_learner_on_a_trainer_page_is_logged(client, people, caplog):
    sign_in(client, people.rosa)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.get("/trainer/", environ_base={"REMOTE_ADDR": IP})
    assert response.status_code == 403
    assert denied_lines(caplog) == [
        f"staff area denied: status=403 account={people.rosa.id} endpoint=trainer.index "
        f"method=GET ip={IP}"]


def test_a_trainer_on_a_coordinator_page_is_logged(client, people, caplog):
    sign_in(client, people.trainer_a)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        assert client.get("/programme/reports/").status_code == 403
    [line] = denied_lines(caplog)
    assert f"account={people.trainer_a.id} endpoint=programme_reports.index" in line


def test_another_centres_cohort_is_logged_without_the_query(client, people, caplog):
    sign_in(client, people.trainer_b)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.get(f"/trainer/cohorts/{people.cohort_a.id}?q={people.rosa.email}")
    assert response.status_code == 404
    [line] = denied_lines(caplog)
    assert f"status=404 account={people.trainer_b.id} endpoint=trainer.cohort method=GET" in line
    assert people.rosa.email not in caplog.text and people.rosa.name not in caplog.text


def test_another_centres_application_action_is_logged(client, people, caplog):
    sign_in(client, people.trainer_b)
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        response = client.post(f"/programme/applications/{people.application.id}/reject")
    assert response.status_code == 404
    [line] = denied_lines(caplog)
    assert "endpoint=programme_actions.reject_one method=POST" in line


@pytest.mark.parametrize("who, path", [
    ("trainer_a", "/trainer/"),  # allowed
    ("rosa", "/modules/no-such-module"),  # a learner's 404 outside the staff area
    (None, "/trainer/"),  # anonymous: sent to sign in
])
def test_other_requests_are_not_logged_as_denied(client, people, caplog, who, path):
    if who:
        sign_in(client, getattr(people, who))
    with caplog.at_level(logging.WARNING, logger="learner.web.security"):
        client.get(path)
    assert denied_lines(caplog) == []
