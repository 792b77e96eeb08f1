"""Production mode refuses to start without a SECRET_KEY, and `check --deploy` is clean in production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COPRODUCE = Path(sys.executable).with_name("coproduce")


def run_coproduce(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a deployment never sets it.
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [str(COPRODUCE), *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_coproduce("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_coproduce(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="coproduce.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_mode_starts_without_secret_key():
    result = run_coproduce("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_help_lists_the_commands():
    result = run_coproduce("--help")
    assert result.returncode == 0
    for command in ("run", "demo", "migrate", "analyse"):
        assert command in result.stdout
