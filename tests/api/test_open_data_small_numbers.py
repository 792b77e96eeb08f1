"""Open data and the analysis follow the one small-numbers threshold (core.privacy, the SMALL_NUMBERS_THRESHOLD
setting), never a constant of their own: the engine is given it, and the files and their descriptions use it.

api_world's public engagement has five patients and one carer (tests/api/conftest.py)."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from coproduce.api.opendata import download
from coproduce.conversations.analysis import latest_snapshot


def files(world) -> dict[str, bytes]:
    conversation = world.public.conversation
    return {
        name: download(world.public, conversation, name)[0]
        for name in ("participants.csv", "perspectives.csv", "datapackage.json", "analysis.json")
    }


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def descriptions(package: bytes, resource: str) -> str:
    found = next(r for r in json.loads(package)["resources"] if r["name"] == resource)
    return " ".join(f["description"] for f in found["schema"]["fields"])


def test_a_higher_threshold_hides_the_five_patients_everywhere(api_world, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 6
    out = files(api_world)
    assert {p["perspective"] for p in rows(out["participants.csv"])} == {""}
    cells = rows(out["perspectives.csv"])
    assert cells and all(c["voters"] == "" and c["agree"] == "" for c in cells)
    assert "fewer than 6" in descriptions(out["datapackage.json"], "perspectives")
    assert "fewer than 6 people" in descriptions(out["datapackage.json"], "participants")
    assert all(q["size"] is None for q in json.loads(out["analysis.json"])["perspectives"])
    # The engine was given the setting, and suppressed its own cells with it.
    snapshot = latest_snapshot(api_world.public.conversation)
    assert snapshot.data["diagnostics"]["common_ground_rule"]["perspective_min_cell"] == 6
    cells = [q for s in snapshot.data["statements"] for q in s["perspectives"]]
    assert cells and all(q["agree"] is None and q["disagree"] is None and q["pass"] is None for q in cells)


def test_a_threshold_of_one_shows_the_lone_carer(api_world, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 1
    out = files(api_world)
    assert {p["perspective"] for p in rows(out["participants.csv"])} == {"Patient", "Carer"}
    assert any(c["perspective"] == "Carer" and c["voters"] == "1" for c in rows(out["perspectives.csv"]))
    assert "fewer than 1 " in descriptions(out["datapackage.json"], "perspectives")


def test_the_pages_name_the_threshold(api_world, client, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 7
    docs = client.get(reverse("api_pages:docs")).content.decode()
    assert "fewer than 7 people of a perspective are left out" in docs
    take_part = client.get(reverse("engagements:take_part", args=[api_world.public.slug])).content.decode()
    assert "Groups of fewer than 7 people are never shown." in take_part
    welsh = client.get(
        reverse("engagements:take_part", args=[api_world.public.slug]), HTTP_ACCEPT_LANGUAGE="cy"
    ).content.decode()
    assert "grwpiau o lai na 7 o bobl" in welsh
