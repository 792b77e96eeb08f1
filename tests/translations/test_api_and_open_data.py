"""The API and the open data carry each statement's language and both versions (original or confirmed
translation); the columns that were there stay."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.translations import actions
from tests.open_data import build_open_data

OLD_COLUMNS = ["statement", "status", "origin", "text", "moderation_reason", "author", "created", "agree", "disagree"]


def translate(world, tina, statement: Statement, text: str) -> None:
    actions.do_confirm_translation(world.fran, actions.do_propose_translation(tina, statement, "text", text))


def test_the_api_gives_the_language_and_both_versions(api_world, tina, client):
    world = api_world
    first, second, *_rest = world.public_statements
    translate(world, tina, first, "Datganiad 0 am y cleifion allanol")
    items = {s["id"]: s for s in client.get("/api/v1/engagements/outpatients/statements").json()["items"]}
    assert {k: items[first.pk][k] for k in ("text", "language", "text_en", "text_cy")} == {
        "text": first.text,
        "language": "en",
        "text_en": first.text,
        "text_cy": "Datganiad 0 am y cleifion allanol",
    }
    assert (items[second.pk]["language"], items[second.pk]["text_cy"]) == ("en", None)


def test_writing_through_the_api_records_the_language_given_or_detected(api_world, client):
    url = "/api/v1/engagements/outpatients/statements"
    key = {"HTTP_AUTHORIZATION": f"Bearer {api_world.write_secret}"}
    given = client.post(url, {"text": "Parcio", "language": "cy"}, content_type="application/json", **key).json()
    detected = client.post(
        url, {"text": "Mae angen mwy o feddygon teulu yn y cwm"}, content_type="application/json", **key
    ).json()
    assert (given["language"], detected["language"]) == ("cy", "cy")
    assert Statement.objects.get(pk=given["id"]).language == "cy"
    refused = client.post(url, {"text": "Parking", "language": "fr"}, content_type="application/json", **key)
    assert refused.status_code == 422


def test_the_open_data_statements_have_language_text_en_and_text_cy(api_world, tina, client):
    world = api_world
    first, _second, _third, hidden = world.public_statements
    translate(world, tina, first, "Datganiad 0 am y cleifion allanol")
    build_open_data(world.public)
    url = reverse("api_pages:open_data_file", args=["outpatients", "statements.csv"])
    response = client.get(url)
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(rows[0])[: len(OLD_COLUMNS)] == OLD_COLUMNS  # the existing columns first, as they were
    by_id = {int(r["statement"]): r for r in rows}
    assert {k: by_id[first.pk][k] for k in ("language", "text_en", "text_cy")} == {
        "language": "en",
        "text_en": first.text,
        "text_cy": "Datganiad 0 am y cleifion allanol",
    }
    assert (by_id[hidden.pk]["text_en"], by_id[hidden.pk]["text_cy"]) == ("", "")  # hidden: no words at all
