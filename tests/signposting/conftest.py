"""Signposting fixtures: the listening world (sam's conversation with Pat Jones in each engagement) and a small
directory kept by glas: one partner with two services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coproduce.signposting.models import DirectoryOrganisation, Service
from tests.listening.conftest import listening  # noqa: F401, F811 - the fixture, reused

ORUK = Path(__file__).resolve().parents[3] / "shared" / "data" / "open-referral-uk"
if not ORUK.exists():  # a worktree beside main: the shared data is beside the project's root
    ORUK = Path("/work/shared/data/open-referral-uk")


def example(name: str):
    return json.loads((ORUK / "examples" / name).read_text(encoding="utf-8"))


def schema(name: str):
    return json.loads((ORUK / "schema" / name).read_text(encoding="utf-8"))


@pytest.fixture
def directory(listening):  # noqa: F811 - the fixture imported above
    w = listening
    w.partner = DirectoryOrganisation.objects.create(
        kept_by=w.org, name_en="Valley Carers", name_cy="Gofalwyr y Cwm", description_en="Support for carers."
    )
    w.advice = Service.objects.create(
        organisation=w.partner, name_en="Carers' advice line", name_cy="Llinell gyngor gofalwyr", status="active"
    )
    w.walks = Service.objects.create(
        organisation=w.partner, name_en="Health walks", name_cy="Teithiau cerdded iach", status="active"
    )
    return w
