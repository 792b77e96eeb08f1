"""Production mode refuses to start without a SECRET_KEY, and `check --deploy` is clean in production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COPRODUCE = Path(sys.executable).with_name("coproduce")


def run_coproduce(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a deployment never sets it.
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [str(COPRODUCE), *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_coproduce("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "coproduce.example.org",
    "SERVICE_OPERATOR": "Glas Valley University Health Board",
    "SERVICE_CONTACT_EMAIL": "access@glas.example",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # The checks never connect to Redis: only its address is needed. collectstatic's manifest must be there too
    # (coproduce.W001; tests/core/test_static_manifest.py runs the real collectstatic).
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    result = run_coproduce(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        REDIS_URL="redis://127.0.0.1:6379/0",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_a_shared_cache():
    """Without REDIS_URL each web process would count rate limits on its own."""
    result = run_coproduce("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode != 0
    assert "coproduce.W002" in result.stdout + result.stderr
    assert "REDIS_URL" in result.stdout + result.stderr
    # Not a development concern: one process, one cache.
    assert "coproduce.W002" not in run_coproduce("check", DEBUG="true").stdout


def test_development_mode_starts_without_secret_key():
    result = run_coproduce("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_help_lists_the_commands():
    result = run_coproduce("--help")
    assert result.returncode == 0
    for command in ("run", "demo", "migrate", "analyse"):
        assert command in result.stdout


def test_check_deploy_warns_when_no_one_is_named_to_contact(tmp_path):
    """The accessibility statement and privacy notice must say who runs the service: W003 until it is set."""
    unnamed = {k: v for k, v in PRODUCTION.items() if not k.startswith("SERVICE_")}
    result = run_coproduce("check", "--deploy", "--fail-level", "WARNING", **unnamed)
    assert result.returncode != 0
    assert "coproduce.W003" in result.stdout + result.stderr


def test_the_embedded_database_writes_ahead(tmp_path):
    # A vote must not wait for the worker's analysis reading every vote: SQLite in write-ahead-log mode lets one
    # write while another reads (without it the reader holds the writer's commit back, decision 0023).
    result = run_coproduce(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0])",
        DEBUG="true",
        COPRODUCE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
