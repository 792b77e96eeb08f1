"""Static files in production (issue 13, item 5): the storage never depends on whether STATIC_ROOT exists when a
process starts. One `collectstatic` into a folder that did not exist writes the manifest, and pages then link the
hashed files; a missing manifest (or a file missing from it) never turns every page into a 500, and
`check --deploy` says the manifest is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

COPRODUCE = Path(sys.executable).with_name("coproduce")

SERVE = textwrap.dedent("""
    import django, json
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    answers = {}
    # Pages that need no database tables: the not-found page and the sign-in page both use base.html's stylesheet.
    for url in ("/no-such-page/", "/accounts/login/"):
        response = client.get(url)
        answers[url] = [response.status_code, response.content.decode()]
    css = re.search(r'href="(/static/coproduce/site[^"]*\\.css)"', answers["/accounts/login/"][1])
    if css:
        response = client.get(css.group(1))
        answers["css"] = [css.group(1), response.status_code]
    print(json.dumps(answers))
""").replace("import django, json", "import django, json, re")


def production_env(static_root: Path, tmp_path: Path) -> dict:
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        COPRODUCE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="coproduce.settings",
        LOG_LEVEL="CRITICAL",
    )
    return env


def serve(env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SERVE], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def coproduce(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(COPRODUCE), *args], env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """One collectstatic, as deployed, into a folder that does not exist yet."""
    tmp_path = tmp_path_factory.mktemp("static")
    static_root = tmp_path / "new" / "staticfiles"
    env = production_env(static_root, tmp_path)
    result = coproduce(env, "collectstatic", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr[-3000:]
    return static_root, env


def test_one_collectstatic_into_a_new_folder_writes_the_manifest_and_pages_work(collected):
    static_root, env = collected
    assert (static_root / "staticfiles.json").exists(), "collectstatic wrote no manifest"
    answers = serve(env)
    assert answers["/no-such-page/"][0] == 404
    assert answers["/accounts/login/"][0] == 200
    # Pages link the hashed (long-cached) file, and it is served.
    path, status = answers["css"]
    assert re.fullmatch(r"/static/coproduce/site\.[0-9a-f]{12}\.css", path), path
    assert status == 200


def test_check_deploy_is_clean_after_collectstatic(collected):
    static_root, env = collected
    # As deployed: HTTPS redirect on, a shared cache (the checks only read its address).
    env = {k: v for k, v in env.items() if k != "SECURE_SSL_REDIRECT"} | {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SERVICE_OPERATOR": "Glas Valley University Health Board",
        "SERVICE_CONTACT_EMAIL": "access@glas.example",
    }
    result = coproduce(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("state", ["missing folder", "empty folder", "stale manifest"])
def test_without_a_usable_manifest_pages_still_work_and_check_deploy_warns(tmp_path, state):
    static_root = tmp_path / "staticfiles"
    if state != "missing folder":
        static_root.mkdir()
    if state == "stale manifest":
        # A manifest from an older release that does not know today's stylesheet.
        (static_root / "staticfiles.json").write_text(
            json.dumps({"paths": {"old.css": "old.0123456789ab.css"}, "version": "1.1", "hash": "x"})
        )
    env = production_env(static_root, tmp_path)
    answers = serve(env)
    assert answers["/no-such-page/"][0] == 404
    assert answers["/accounts/login/"][0] == 200
    # Linked by its plain name, which whitenoise still serves from the app's folder.
    assert answers["css"] == ["/static/coproduce/site.css", 200]
    if state != "stale manifest":
        result = coproduce(env, "check", "--deploy")
        assert "coproduce.W001" in result.stderr + result.stdout
        assert "collectstatic" in result.stderr + result.stdout
