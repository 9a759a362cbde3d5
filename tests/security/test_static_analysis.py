"""Static checks that CI runs with the tests: bandit on our code, pip-audit on our dependencies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Why pip-audit may have nothing to read here, checked on this project's machines (see
# docs/security.md): their PyPI answers /pypi/<name>/json but 404 for the per-version
# /pypi/<name>/<version>/json that holds the advisories, and OSV's API is out of reach.
UNREACHABLE = ("pip-audit could audit no dependency: every one came back 'Dependency not found "
               "on PyPI'. The registry reachable from this machine serves no per-version JSON "
               "(/pypi/<name>/<version>/json, where PyPI keeps advisories) and OSV is unreachable.")


def run(*args: str, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)


def test_bandit_finds_no_high_severity_issue():
    result = run("bandit", "-r", "learner", "-lll", "-q", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pip_audit_finds_no_known_vulnerability(tmp_path):
    # The environment the suite runs in: requirements.txt and requirements-dev.txt as installed,
    # with no second resolution in a temporary venv (three times slower).
    report = tmp_path / "audit.json"
    result = run("pip_audit", "-f", "json", "-o", str(report), "--progress-spinner", "off",
                 timeout=600)
    # No report at all means pip-audit itself failed (no registry, bad file): fail loudly.
    assert report.exists(), result.stderr
    dependencies = json.loads(report.read_text())["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        pytest.skip(UNREACHABLE)
    vulnerable = {d["name"]: [v["id"] for v in d["vulns"]] for d in audited if d["vulns"]}
    assert vulnerable == {} and result.returncode == 0, vulnerable or result.stderr
