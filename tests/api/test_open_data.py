"""The open data download: a valid Frictionless Data Package, pseudonymous, with no personal or confidential text."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import frictionless
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from coproduce.conversations.actions import do_cast_vote, do_write_statement
from coproduce.conversations.models import Conversation, Statement
from coproduce.engagements.models import Engagement, Licence, Participant
from tests.open_data import build_open_data

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")
SECRET_HIDDEN = "Ring Dr Quartermain on 07700 900123, she lives at 4 Heol y Bont"
SECRET_PENDING = "Unchecked words that nobody has moderated yet"


@pytest.fixture
def sensitive_world(api_world):
    """Accounts with names and emails take part; a statement with personal details is hidden, another pending."""
    world = api_world
    User = get_user_model()
    for user in User.objects.all():  # names that cannot occur by chance in the data
        User.objects.filter(pk=user.pk).update(display_name=f"Zyxel {user.email.split('@')[0].title()} Quartermain")
    conversation = Conversation.objects.get(engagement=world.public)
    for name in ("pat", "fran"):
        participant, _ = Participant.objects.get_or_create(engagement=world.public, user=getattr(world, name))
        participant.consented_at = participant.created_at
        participant.save()
        do_cast_vote(participant, world.public_statements[0], 1)
        setattr(world, f"{name}_participant", participant)
    hidden = do_write_statement(conversation, SECRET_HIDDEN, author=world.pat_participant)
    from coproduce.conversations.actions import do_moderate_statement

    do_moderate_statement(world.fran, hidden, "hide", "personal_information")
    Conversation.objects.filter(pk=conversation.pk).update(moderation=Conversation.Moderation.BEFORE)
    conversation.refresh_from_db()
    pending = do_write_statement(conversation, SECRET_PENDING, author=world.fran_participant)
    assert pending.status == Statement.Status.PENDING
    return world


def download_zip(client, slug: str, tmp_path: Path) -> Path:
    build_open_data(Engagement.objects.get(slug=slug))
    response = client.get(reverse("api_pages:open_data_file", args=[slug, "open-data.zip"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    return tmp_path / slug


def test_the_download_is_a_valid_data_package_without_personal_data(sensitive_world, client, tmp_path):
    world = sensitive_world
    folder = download_zip(client, world.public.slug, tmp_path)

    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "Open Government Licence v3.0" in package["attribution"]
    assert "Drwydded Llywodraeth Agored v3.0" in package["attribution_cy"]
    described = {resource["path"] for resource in package["resources"]}
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {"datapackage.json"}
    assert described == on_disk  # every file is described
    for resource in package["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            assert field["description"], (resource["name"], field["name"])

    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert not EMAIL.findall(everything)
    User = get_user_model()
    for user in User.objects.all():
        assert user.email.encode() not in everything
        assert user.display_name.encode() not in everything
    for text in (SECRET_HIDDEN, SECRET_PENDING, "Quartermain", "07700"):
        assert text.encode() not in everything, text
    for public_id in Participant.objects.values_list("public_id", flat=True):
        assert str(public_id).encode() not in everything

    statements = list(csv.DictReader(open(folder / "statements.csv", encoding="utf-8")))
    hidden = [s for s in statements if s["status"] == "hidden"]
    assert {s["moderation_reason"] for s in hidden} == {"personal_information"}
    assert all(s["text"] == "" and s["author"] == "" and s["agree"] == "" for s in hidden)
    assert [s["text"] for s in statements if s["status"] == "pending"] == [""]

    participants = list(csv.DictReader(open(folder / "participants.csv", encoding="utf-8")))
    assert sorted(int(p["participant"]) for p in participants) == list(range(1, len(participants) + 1))
    # Five patients took part, one carer: the carer's perspective is not published, per person or per statement.
    assert {p["perspective"] for p in participants} == {"Patient", ""}
    cells = list(csv.DictReader(open(folder / "perspectives.csv", encoding="utf-8")))
    assert all(c["agree"] == "" and c["voters"] == "" for c in cells if c["perspective"] != "Patient")
    assert any(c["voters"] == "5" for c in cells if c["perspective"] == "Patient")
    votes = list(csv.DictReader(open(folder / "votes.csv", encoding="utf-8")))
    assert {v["vote"] for v in votes} <= {"1", "-1", "0"}
    assert len(votes) == 6 * 4 + 2  # six seeded voters on four statements, pat and fran once

    analysis = json.loads((folder / "analysis.json").read_text())
    assert all(size["size"] is None or size["size"] >= 5 for size in analysis["perspectives"])


def test_individual_files_and_the_licence_the_organisation_chose(sensitive_world, client):
    world = sensitive_world
    world.org.licence = Licence.CC_BY_4
    world.org.save()
    build_open_data(world.public)
    page = client.get(reverse("api_pages:open_data", args=[world.public.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Creative Commons Attribution 4.0" in html
    for name in ("statements.csv", "votes.csv", "datapackage.json", "polis.zip"):
        assert reverse("api_pages:open_data_file", args=[world.public.slug, name]) in html
    package = client.get(reverse("api_pages:open_data_file", args=[world.public.slug, "datapackage.json"])).json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert client.get(reverse("api_pages:open_data_file", args=[world.public.slug, "nope.csv"])).status_code == 404
    # The Polis files one by one, under their own names, the same bytes as in the zip.
    with zipfile.ZipFile(
        io.BytesIO(client.get(reverse("api_pages:open_data_file", args=[world.public.slug, "polis.zip"])).content)
    ) as archive:
        zipped = {Path(n).name: archive.read(n) for n in archive.namelist()}
    for name in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"):
        response = client.get(reverse("api_pages:open_data_file", args=[world.public.slug, f"polis-{name}"]))
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response.content == zipped[name]


def test_private_open_data_is_for_members_only(sensitive_world, client, as_user):
    world = sensitive_world
    build_open_data(world.private)
    url = reverse("api_pages:open_data_file", args=[world.private.slug, "statements.csv"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api_pages:open_data", args=[world.private.slug])).status_code == 404
    assert as_user(world.olly).get(url).status_code == 404
    assert as_user(world.fran).get(url).status_code == 200


def test_the_engagement_and_results_pages_link_to_the_download(sensitive_world, client):
    world = sensitive_world
    link = reverse("api_pages:open_data", args=[world.public.slug])
    assert link in client.get(world.public.get_absolute_url()).content.decode()
    assert link in client.get(reverse("conversations:results", args=[world.public.slug])).content.decode()


def test_the_download_page_names_the_licence_in_welsh(sensitive_world, client):
    html = client.get(
        reverse("api_pages:open_data", args=[sensitive_world.public.slug]), HTTP_ACCEPT_LANGUAGE="cy"
    ).content.decode()
    assert "Trwydded Llywodraeth Agored v3.0" in html
    # Issue 15: the attribution line is published in both languages, and the Welsh page shows the Welsh one.
    assert "Yn cynnwys gwybodaeth sector cyhoeddus gan Bwrdd Iechyd" in html
    assert "Contains public sector information" not in html


@pytest.mark.parametrize("asked_in", ["en", "cy"])
def test_the_engagement_is_published_in_both_languages_whatever_the_request(sensitive_world, client, asked_in):
    """Issue 15: the same file in either language: English texts at the top (as before), Welsh under "cy"."""
    engagement = sensitive_world.public
    build_open_data(engagement)
    url = reverse("api_pages:open_data_file", args=[engagement.slug, "engagement.json"])
    document = client.get(url, HTTP_ACCEPT_LANGUAGE=asked_in).json()
    assert document["title"] == engagement.title_en
    assert document["cy"]["title"] == engagement.title_cy
    assert document["perspectives"] == ["Patient", "Carer", "Staff"]
    assert document["cy"]["perspectives"] == ["Claf", "Gofalwr", "Staff"]
    assert document["cy"]["organisation"] == engagement.organisation.name_cy
