"""docs/api.md's worked example runs as written: its shell blocks, in order, against a live test server with the
demo loaded (what `make run` serves), needing only curl and python3."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coproduce.api.models import ApiKey
from coproduce.engagements.models import Engagement, Organisation

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def worked_example() -> str:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Worked example", 1)[1]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) >= 4
    return "\n".join(blocks)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_worked_example_runs_as_written(committed_demo, live_server, tmp_path, settings):
    organisation = Organisation.objects.get(slug="glas-valley-health")
    _key, secret = ApiKey.new(organisation, "Docs example", ApiKey.Scope.READ, None)
    private = Engagement.objects.create(
        organisation=organisation,
        slug="private-docs-example",
        title_en="Private",
        question_en="Private?",
        visibility=Engagement.Visibility.PRIVATE,
    )
    env = {**os.environ, "COPRODUCE": live_server.url, "COPRODUCE_API_KEY": secret}
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", worked_example()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    out = result.stdout
    assert '"slug": "outpatient-appointments"' in out
    assert '"value": 1' in out  # the vote was saved
    assert "opinion groups" in out
    assert "outpatient-appointments/datapackage.json" in out  # the zip's listing
    assert private.slug in out  # listed with the key, never without it
    assert out.count(private.slug) == 1
    assert '"code": "not_found"' in out and "Heb ddod o hyd iddo" in out  # the Welsh error message
    assert (tmp_path / "open-data.zip").stat().st_size > 1000
