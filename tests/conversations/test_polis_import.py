"""`coproduce import-polis DIR` (and the staff upload page) create a private engagement from a Polis export:
every statement of comments.csv, moderated-out ones hidden, the votes, and results with two or more groups."""

from __future__ import annotations

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations import actions
from coproduce.conversations.actions import DuplicateStatement, do_import_polis, do_write_statement
from coproduce.conversations.models import (
    AnalysisSnapshot,
    Conversation,
    ModerationDecision,
    Statement,
    Vote,
    VoteEvent,
)
from coproduce.conversations.staff import import_progress_text
from coproduce.engagements.models import AuditEvent, Engagement, Membership, Organisation, Participant, Role
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
    assert (
        set(conversation.statements.filter(status=Statement.Status.HIDDEN).values_list("external_id", flat=True))
        == hidden_ids
    )
    assert conversation.statements.filter(status=Statement.Status.PUBLISHED).count() == len(comments) - len(hidden_ids)
    assert ModerationDecision.objects.filter(statement__conversation=conversation, action="hide").count() == len(
        hidden_ids
    )
    assert conversation.statements.filter(origin=Statement.Origin.SEED).count() == sum(
        c["is-seed"] == "true" for c in comments
    )
    texts = dict(conversation.statements.values_list("external_id", "text"))
    for c in comments:
        body = " ".join(c["comment-body"].split())
        if 0 < len(body) <= 280:
            assert texts[c["comment-id"]] == body

    snapshot = AnalysisSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == Vote.objects.filter(conversation=conversation).count() > 0
    # The engine may honestly find no clear opinion groups (k = 1, its null model) in this 126-person conversation.
    n_groups = len(snapshot.data["groups"])
    assert n_groups >= 1
    excluded = {int(s["id"]) for s in snapshot.data["statements"] if s.get("excluded")}
    assert excluded == set(conversation.statements.filter(status=Statement.Status.HIDDEN).values_list("pk", flat=True))
    assert f"{conversation.statements.count()} statements" in out.getvalue()

    response = as_user(world.alice).get(reverse("conversations:results", args=[engagement.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    if n_groups >= 2:
        assert "Group A" in html and "Group B" in html
    else:
        assert "No clear opinion groups yet" in html and "Group A" in html
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
        (
            lambda tmp: write_folder(tmp / "novotes", GOOD_COMMENTS, None),
            "neither votes.csv nor participants-votes.csv",
        ),
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


TOO_BIG = "99999999999999999999"  # more than a 64-bit integer holds


def write_files(folder: Path, **files: str) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.csv").write_text(text)
    return folder


HEADER_ONLY_COMMENTS = GOOD_COMMENTS.splitlines(keepends=True)[0]
HEADER_ONLY_VOTES = GOOD_VOTES.splitlines(keepends=True)[0]
PV_HEADER = "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"comments": GOOD_COMMENTS, "votes": GOOD_VOTES + f"4,x,0,{TOO_BIG},1\n"},
            r"votes\.csv, line 5: voter-id '99999999999999999999' is out of range",
        ),
        (
            {"comments": GOOD_COMMENTS, "votes": GOOD_VOTES + f"{TOO_BIG},x,0,1,1\n"},
            r"votes\.csv, line 5: timestamp '99999999999999999999' is out of range",
        ),
        (
            {"comments": GOOD_COMMENTS, "votes": GOOD_VOTES + "1e30,x,0,1,1\n"},
            r"votes\.csv, line 5: timestamp '1e30' is out of range",
        ),
        (
            {"comments": GOOD_COMMENTS + f"3,{TOO_BIG},0,0,0,1,false,false,Too big\n", "votes": GOOD_VOTES},
            r"comments\.csv, line 5: comment-id '99999999999999999999' is out of range",
        ),
        (
            {"participants_votes": PV_HEADER.replace(",1\n", f",{TOO_BIG}\n") + "0,,,0,2,1,1,1,-1\n"},
            r"participants-votes\.csv, line 1: comment-id '99999999999999999999' is out of range",
        ),
        (
            {"comments": HEADER_ONLY_COMMENTS, "votes": HEADER_ONLY_VOTES},
            r"votes\.csv, line 2: nothing to import: no votes and no statements \(the files have a header line and no rows\)",
        ),
        ({"participants_votes": PV_HEADER}, r"participants-votes\.csv, line 2: nothing to import"),
    ],
    ids=[
        "overflowing voter id",
        "overflowing timestamp",
        "overflowing float timestamp",
        "overflowing comment id",
        "overflowing column",
        "header-only export",
        "header-only participants-votes",
    ],
)
def test_an_overflowing_or_empty_export_is_refused_naming_the_file_and_line(world, tmp_path, files, problem):
    folder = write_files(tmp_path / "export", **files)
    models = (Engagement, Conversation, Statement, ModerationDecision, Vote)
    before = [m.objects.count() for m in models]
    with pytest.raises(CommandError, match=problem) as error:
        call_command("import-polis", str(folder), organisation="glas", stdout=StringIO())
    assert str(folder) in str(error.value)
    assert "Traceback" not in str(error.value)
    assert [m.objects.count() for m in models] == before


def test_the_staff_upload_page_refuses_a_header_only_export(world, as_user):
    url = reverse("conversations_staff:import_polis", args=["glas"])
    before = (Engagement.objects.count(), Statement.objects.count())
    response = as_user(world.alice).post(
        url,
        {
            "comments": SimpleUploadedFile("comments.csv", HEADER_ONLY_COMMENTS.encode()),
            "votes": SimpleUploadedFile("votes.csv", HEADER_ONLY_VOTES.encode()),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported." in html and "nothing to import: no votes and no statements" in html
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
    bad = browser.post(
        url,
        {
            "comments": SimpleUploadedFile("comments.csv", b"id,text\n1,x\n"),
            "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode()),
        },
    )
    assert bad.status_code == 200
    assert "Nothing was imported." in bad.content.decode()
    assert not Statement.objects.exists()
    response = browser.post(
        url,
        {
            "title": "Uploaded conversation",
            "comments": SimpleUploadedFile("comments.csv", GOOD_COMMENTS.encode()),
            "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode()),
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(title_en="Uploaded conversation")
    assert response["Location"] == reverse("staff:engagement", args=[engagement.slug])
    assert engagement.visibility == Engagement.Visibility.PRIVATE
    statements = engagement.conversation.statements
    assert statements.count() == 2
    assert statements.get(external_id="1").text == "Hidden, with a newline"
    assert statements.get(external_id="1").status == Statement.Status.HIDDEN
    assert Vote.objects.filter(conversation=engagement.conversation).count() == 3
    # Audited with counts only: who imported it, into which engagement, how much.
    event = AuditEvent.objects.get(action="conversation.imported_from_polis")
    assert (event.actor, event.organisation, event.engagement) == (world.alice, world.org, engagement)
    assert event.details == {
        "statements": 2,
        "participants": Participant.objects.filter(engagement=engagement).count(),
        "votes": 3,
    }


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


# ------------------------------------------------------------------------------------------- import at speed
def counts() -> list[int]:
    models = (Engagement, Conversation, Statement, ModerationDecision, Participant, Vote, VoteEvent, AuditEvent)
    return [m.objects.count() for m in models]


def test_the_votes_are_stored_exactly(world, tmp_path):
    # The inserts bypass the ORM (COPY on PostgreSQL, INSERT ... SELECT on SQLite, the history copied from the
    # votes): every column must be what a vote cast on the site would have.
    votes = GOOD_VOTES + "4,x,0,0,-1\n"  # a re-vote: the latest counts
    folder = write_folder(tmp_path / "exact", GOOD_COMMENTS, votes)
    conversation = do_import_polis(None, world.org, folder, title="Exact")
    stored = set(
        Vote.objects.filter(conversation=conversation).values_list(
            "participant__pk", "statement__external_id", "value", "is_assisted", "updated_at"
        )
    )
    participants = list(Participant.objects.filter(engagement=conversation.engagement).order_by("pk"))
    assert len(participants) == 2 and all(p.consented_at for p in participants)
    first, second = (p.pk for p in participants)
    when = {row[4] for row in stored}
    assert len(when) == 1 and abs((when.pop() - timezone.now()).total_seconds()) < 60
    assert {row[:4] for row in stored} == {(first, "0", -1, False), (first, "1", -1, False), (second, "0", -1, False)}
    history = set(
        VoteEvent.objects.filter(conversation=conversation).values_list(
            "participant__pk", "statement__external_id", "value", "is_assisted"
        )
    )
    assert history == {row[:4] for row in stored}


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_many_votes_in_chunks_are_stored_exactly(world, tmp_path, monkeypatch, chunk):
    # The SQLite path packs each chunk's votes into integers (offsets from the chunk's smallest ids) and the
    # history is copied from the votes between id bounds: every vote, value and order must survive, whatever
    # the chunk size (one row, chunks across participants, one chunk).
    monkeypatch.setattr(actions, "IMPORT_CHUNK", chunk)
    comments = ["timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n"]
    comments += [f"{j},{j},0,0,0,1,false,false,Statement number {j}\n" for j in range(9)]
    lines = ["timestamp,datetime,comment-id,voter-id,vote\n"]
    expected = {}
    for person in range(13):
        for j in range(9):
            if (person * 7 + j * 3) % 5 == 4:
                continue  # some did not vote on some statements
            value = (person + 2 * j) % 3 - 1
            lines.append(f"{len(lines)},x,{j},{person * 11},{value}\n")
            expected[(person * 11, str(j))] = value
    folder = tmp_path / f"many-{chunk}"
    folder.mkdir()
    (folder / "comments.csv").write_text("".join(comments))
    (folder / "votes.csv").write_text("".join(lines))
    reports = []
    conversation = do_import_polis(None, world.org, folder, progress=lambda *r: reports.append(r))
    participants = list(Participant.objects.filter(engagement=conversation.engagement).order_by("pk"))
    polis_id = {p.pk: 11 * i for i, p in enumerate(participants)}  # participants are created in Polis id order
    stored = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("pk")
        .values_list("participant__pk", "statement__external_id", "value")
    )
    assert {(polis_id[p], s): v for p, s, v in stored} == expected and len(stored) == len(expected)
    history = list(
        VoteEvent.objects.filter(conversation=conversation)
        .order_by("pk")
        .values_list("participant__pk", "statement__external_id", "value")
    )
    assert history == stored
    assert reports[-1] == ("history", len(expected), len(expected))
    assert [done for stage, done, _ in reports if stage == "history"] == sorted(
        {0, *range(chunk, len(expected), chunk), len(expected)}
    )


def test_votes_cast_after_an_import_save(world, tmp_path):
    # The bulk inserts leave the ids to the database (COPY on PostgreSQL): the id sequences must have moved on,
    # so that an ordinary vote afterwards, new or changed, and its history row do not collide with imported rows.
    folder = write_folder(tmp_path / "then", GOOD_COMMENTS, GOOD_VOTES)
    conversation = do_import_polis(None, world.org, folder, title="Then")
    statement = Statement.objects.get(conversation=conversation, external_id="0")  # published; both voters voted on it
    imported = Participant.objects.filter(engagement=conversation.engagement).order_by("pk").last()
    newcomer = Participant.objects.create(engagement=conversation.engagement, consented_at=timezone.now())
    before = (Vote.objects.count(), VoteEvent.objects.count(), Vote.objects.order_by("pk").last().pk)
    assert actions.do_cast_vote(newcomer, statement, 1)
    assert actions.do_cast_vote(imported, statement, 0)
    assert Vote.objects.count() == before[0] + 1  # the newcomer's; the imported voter's vote was replaced
    assert VoteEvent.objects.count() == before[1] + 2
    assert Vote.objects.get(participant=newcomer, statement=statement).pk > before[2]
    assert Vote.objects.get(participant=imported, statement=statement).value == 0


def test_the_same_export_twice_is_refused_and_saves_nothing(world, tmp_path):
    folder = write_folder(tmp_path / "once", GOOD_COMMENTS, GOOD_VOTES)
    call_command("import-polis", str(folder), organisation="glas", title="First time", stdout=StringIO())
    before = counts()
    with pytest.raises(CommandError, match="already imported into glas as “First time”") as error:
        call_command("import-polis", str(folder), organisation="glas", title="Again", stdout=StringIO())
    assert "Nothing was imported" in str(error.value)
    assert counts() == before
    # The same export with its votes given as participants-votes.csv, and its lines in another order: the same.
    other = write_files(
        tmp_path / "same-votes-other-file",
        comments=GOOD_COMMENTS,
        participants_votes=PV_HEADER + "1,,,0,1,0,1,-1,\n0,,,0,2,1,1,1,-1\n",
    )
    with pytest.raises(actions.AlreadyImported) as refused:
        do_import_polis(None, world.org, other)
    assert refused.value.engagement.title_en == "First time"
    # A different export (one vote changed) is not the same, and another organisation may import the first.
    changed = write_folder(tmp_path / "changed", GOOD_COMMENTS, GOOD_VOTES.replace("3,x,0,1,-1", "3,x,0,1,1"))
    do_import_polis(None, world.org, changed, title="Changed")
    other_org = Organisation.objects.create(slug="other-board", name_en="Other board")
    do_import_polis(None, other_org, folder, title="Elsewhere")
    # Once the first engagement is deleted, the export can be imported again.
    Engagement.objects.get(title_en="First time").delete()
    do_import_polis(None, world.org, folder, title="Afresh")


def test_the_staff_page_refuses_the_same_export_twice_in_both_languages(world, as_user):
    url = reverse("conversations_staff:import_polis", args=["glas"])
    browser = as_user(world.alice)

    def upload(language: str):
        return browser.post(
            url,
            {
                "title": "Uploaded once",
                "comments": SimpleUploadedFile("comments.csv", GOOD_COMMENTS.encode()),
                "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode()),
            },
            headers={"Accept-Language": language},
        )

    assert upload("en").status_code == 302
    before = counts()
    again = upload("en")
    assert again.status_code == 200
    html = again.content.decode()
    assert "This export was already imported as “Uploaded once”. Nothing was imported." in html
    welsh = upload("cy").content.decode()
    assert "Uploaded once" in welsh and "This export was already imported" not in welsh
    assert counts() == before


def test_a_failure_midway_leaves_nothing(world, tmp_path, monkeypatch, _watch_writes):
    # Small chunks, so that the failure comes after some votes are already in.
    monkeypatch.setattr(actions, "IMPORT_CHUNK", 1)
    folder = write_folder(tmp_path / "midway", GOOD_COMMENTS, GOOD_VOTES)
    before = counts()
    seen = []

    def progress(stage, done, total):
        seen.append((stage, done))
        if (stage, done) == ("votes", 2):
            raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="disk is full"):
        do_import_polis(None, world.org, folder, progress=progress)
    assert ("votes", 1) in seen
    assert counts() == before
    # The write watcher (tests/conventions_plugin.py) saw the rolled-back rows of an action that wrote no audit event;
    # they were rolled back (the counts above), so what it saw is dropped.
    if _watch_writes is not None:
        _watch_writes.finish()
    # ... and nothing stops the same export from being imported afterwards.
    do_import_polis(None, world.org, folder, title="After the failure")


def test_progress_is_reported_by_the_action_and_the_command(world, tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "IMPORT_CHUNK", 2)
    folder = write_folder(tmp_path / "progress", GOOD_COMMENTS, GOOD_VOTES)
    reports = []
    do_import_polis(None, world.org, folder, progress=lambda *report: reports.append(report))
    assert [stage for stage, _done, _total in reports] == [
        "statements",
        "statements",
        "participants",
        "participants",
        "votes",
        "votes",
        "votes",
        "history",
        "history",
        "history",
    ]
    assert reports[4:7] == [("votes", 0, 3), ("votes", 2, 3), ("votes", 3, 3)]
    Engagement.objects.filter(conversation__polis_fingerprint__gt="").delete()
    err = StringIO()
    call_command("import-polis", str(folder), organisation="glas", stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "votes: 2 of 3 (66 %)" in "\n".join(lines)
    assert "votes: 3 of 3 (100 %)" in "\n".join(lines)
    assert "vote history: 3 of 3 (100 %)" in "\n".join(lines)


def test_the_staff_page_reports_progress_to_its_reader_only(world, as_user):
    url = reverse("conversations_staff:import_polis", args=["glas"])
    progress_url = reverse("conversations_staff:import_polis_progress", args=["glas"])
    browser = as_user(world.alice)
    page = browser.get(url).content.decode()
    token = re.search(r'name="progress" value="([0-9a-f]{32})"', page).group(1)
    assert f"{progress_url}?token={token}" in page
    assert browser.get(progress_url, {"token": token}).json() == {"stage": "", "done": 0, "total": 0, "text": ""}
    response = browser.post(
        url,
        {
            "progress": token,
            "comments": SimpleUploadedFile("comments.csv", GOOD_COMMENTS.encode()),
            "votes": SimpleUploadedFile("votes.csv", GOOD_VOTES.encode()),
        },
    )
    assert response.status_code == 302
    assert browser.get(progress_url, {"token": token}).json()["text"] == "Finished."
    # Another admin of the organisation, with the same token, learns nothing.
    other = get_user_model().objects.create(email="second-admin@example.org")
    Membership.objects.create(user=other, organisation=world.org, role=Role.ORG_ADMIN)
    assert as_user(other).get(progress_url, {"token": token}).json()["text"] == ""


def test_progress_words():
    assert import_progress_text("votes", 1_200_000, 2_000_000) == "Saving the votes: 1,200,000 of 2,000,000"
    assert import_progress_text("reading", 0, 0) == "Reading the files…"
    assert import_progress_text("nonsense", 0, 0) == ""
