"""`coproduce import-polis DIR` (and the staff upload page) create a private engagement from a Polis export:
every statement of comments.csv, moderated-out ones hidden, the votes, and results with two or more groups."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduce.conversations.actions import DuplicateStatement, do_write_statement
from coproduce.conversations.models import AnalysisSnapshot, Conversation, ModerationDecision, Statement, Vote
from coproduce.engagements.models import Engagement

from tests.polis_data import POLIS_DATA  # noqa: E402

BG2050 = POLIS_DATA / "bg2050-volunteers"


def comments_of(folder: Path) -> list[dict]:
    # Comment bodies contain newlines: read with the csv module, never line by line.
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def bg2050():
    if not (BG2050 / "comments.csv").exists():
        pytest.skip(f"the Polis open data is not at {BG2050}")
    return BG2050


def test_import_bg2050(bg2050, world, as_user):
    out = StringIO()
    call_command("import-polis", str(bg2050), organisation="glas", stdout=out)
    conversation = Conversation.objects.exclude(engagement__in=[world.public, world.private, world.link]).get()
    engagement = conversation.engagement
    assert engagement.visibility == Engagement.Visibility.PRIVATE
    assert engagement.organisation == world.org

    comments = comments_of(bg2050)
    assert len(comments) == 371
    assert conversation.statements.count() == len(comments)
    assert set(conversation.statements.values_list("external_id", flat=True)) == {c["comment-id"] for c in comments}
    hidden_ids = {c["comment-id"] for c in comments if c["moderated"] == "-1"}
    assert hidden_ids
    assert set(conversation.statements.filter(status=Statement.Status.HIDDEN).values_list("external_id", flat=True)) == hidden_ids
    assert conversation.statements.filter(status=Statement.Status.PUBLISHED).count() == len(comments) - len(hidden_ids)
    assert ModerationDecision.objects.filter(statement__conversation=conversation, action="hide").count() == len(hidden_ids)
    assert conversation.statements.filter(origin=Statement.Origin.SEED).count() == sum(c["is-seed"] == "true" for c in comments)
    texts = dict(conversation.statements.values_list("external_id", "text"))
    for c in comments:
        body = " ".join(c["comment-body"].split())
        if 0 < len(body) <= 280:
            assert texts[c["comment-id"]] == body

    snapshot = AnalysisSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == Vote.objects.filter(conversation=conversation).count() > 0
    assert len(snapshot.data["groups"]) >= 2
    excluded = {int(s["id"]) for s in snapshot.data["statements"] if s.get("excluded")}
    assert excluded == set(conversation.statements.filter(status=Statement.Status.HIDDEN).values_list("pk", flat=True))
    assert f"{conversation.statements.count()} statements" in out.getvalue()

    response = as_user(world.alice).get(reverse("conversations:results", args=[engagement.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Group A" in html and "Group B" in html
    some_hidden = conversation.statements.filter(status=Statement.Status.HIDDEN).order_by("-pk").first()
    assert some_hidden.text not in html


def write_folder(folder: Path, comments: str, votes: str | None) -> Path:
    folder.mkdir()
    (folder / "comments.csv").write_text(comments)
    if votes is not None:
        (folder / "votes.csv").write_text(votes)
    return folder


GOOD_COMMENTS = (
    "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n"
    "1,0,0,1,0,1,false,true,First statement\n"
    '2,1,0,0,1,-1,false,false,"Hidden, with a\nnewline"\n'
)
GOOD_VOTES = "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,1,0,-1\n3,x,0,1,-1\n"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp / "nowhere", "not a folder"),
        (lambda tmp: write_folder(tmp / "novotes", GOOD_COMMENTS, None), "neither votes.csv nor participants-votes.csv"),
        (lambda tmp: write_folder(tmp / "badheader", "id,text\n1,x\n", GOOD_VOTES), "missing column"),
        (lambda tmp: write_folder(tmp / "badvote", GOOD_COMMENTS, GOOD_VOTES + "4,x,0,2,7\n"), "is not -1, 0 or 1"),
    ],
    ids=["missing folder", "no votes", "wrong columns", "bad vote value"],
)
def test_a_bad_folder_is_refused_naming_the_problem(world, tmp_path, make, problem):
    folder = make(tmp_path)
    before = (Engagement.objects.count(), Statement.objects.count())
    with pytest.raises(CommandError, match=problem) as error:
        call_command("import-polis", str(folder), organisation="glas", stdout=StringIO())
    assert folder.name in str(error.value)
    assert (Engagement.objects.count(), Statement.objects.count()) == before


def test_an_unknown_organisation_is_refused(world, tmp_path):
    folder = write_folder(tmp_path / "ok", GOOD_COMMENTS, GOOD_VOTES)
    with pytest.raises(CommandError, match="No organisation with the short name 'nope'"):
        call_command("import-polis", str(folder), organisation="nope", stdout=StringIO())
    assert not Statement.objects.exists()


def test_the_staff_upload_page(world, as_user):
    url = reverse("conversations_staff:import_polis", args=["glas"])
    assert as_user(world.sam).get(url).status_code == 403
    browser = as_user(world.alice)
    bad = browser.post(url, {"comments": SimpleUploadedFile("comments.csv", b"id,text\n1,x\n"),
                             "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode())})
    assert bad.status_code == 200
    assert "Nothing was imported." in bad.content.decode()
    assert not Statement.objects.exists()
    response = browser.post(url, {
        "title": "Uploaded conversation",
        "comments": SimpleUploadedFile("comments.csv", GOOD_COMMENTS.encode()),
        "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode()),
    })
    assert response.status_code == 302
    engagement = Engagement.objects.get(title_en="Uploaded conversation")
    assert response["Location"] == reverse("staff:engagement", args=[engagement.slug])
    assert engagement.visibility == Engagement.Visibility.PRIVATE
    statements = engagement.conversation.statements
    assert statements.count() == 2
    assert statements.get(external_id="1").text == "Hidden, with a newline"
    assert statements.get(external_id="1").status == Statement.Status.HIDDEN
    assert Vote.objects.filter(conversation=engagement.conversation).count() == 3



def test_repeated_statements_are_kept_and_still_guard_duplicates(world, tmp_path):
    # Polis allows the same words twice; the import keeps both (same counts as the export). This once used a NUL byte
    # in the duplicate key, which PostgreSQL refuses.
    comments = GOOD_COMMENTS + "3,2,1,0,0,1,false,false,first statement!\n"
    folder = write_folder(tmp_path / "repeats", comments, GOOD_VOTES + "4,x,2,1,1\n")
    call_command("import-polis", str(folder), organisation="glas", title="Repeats", stdout=StringIO())
    conversation = Engagement.objects.get(title_en="Repeats").conversation
    assert conversation.statements.count() == 3
    first = conversation.statements.get(external_id="0")
    with pytest.raises(DuplicateStatement) as error:
        do_write_statement(conversation, "FIRST statement", author=None)
    assert error.value.existing == first
