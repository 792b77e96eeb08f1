"""The golden thread in the API and the open data (issue 16): proposals, priorities, decisions, iterations, actions,
updates and feedback aggregates, in English and Welsh, with small numbers held back and nothing personal."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.api.golden_thread import complementary
from coproduce.api.opendata import download
from coproduce.delivery.actions import do_add_update, do_create_action, do_give_feedback
from coproduce.engagements.models import Engagement, Participant
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_write_proposal
from tests.api.thread_world import (
    DRAFT_TITLE,
    EXPERT_NAME,
    FEEDBACK_COMMENT,
    HIDDEN_TITLE,
    build_thread,
)
from tests.open_data import build_open_data

THREAD = ("proposals", "priorities", "decisions", "iterations", "actions", "updates", "feedback")
NEW_FILES = (
    "proposals.csv",
    "expert-input.csv",
    "decisions.csv",
    "iterations.csv",
    "actions.csv",
    "updates.csv",
    "feedback.csv",
)
#: Keys that would name or point to a person: none may appear anywhere in a golden thread answer.
PERSONAL_KEYS = {
    "email",
    "display_name",
    "username",
    "first_name",
    "last_name",
    "person_name",
    "author",
    "author_user",
    "author_participant",
    "participant",
    "participant_id",
    "public_id",
    "user",
    "user_id",
    "expert",
    "recorded_by",
    "moderator",
    "comment",
}


@pytest.fixture
def thread_world(api_world):
    world = api_world
    world.thread = build_thread(world, world.public, world.public_statements, world.public_people)
    return world


def get(client, slug: str, what: str, language: str = "en", **headers) -> dict:
    response = client.get(f"/api/v1/engagements/{slug}/{what}?limit=100", HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code == 200, (what, response.content)
    return response.json()


def items(client, what: str, language: str = "en") -> list[dict]:
    return get(client, "outpatients", what, language)["items"]


def walk_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in walk_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in walk_keys(v)}
    return set()


# ------------------------------------------------------------------------------------------ contents
def test_proposals_are_public_ones_only_in_both_languages(thread_world, client):
    t, world = thread_world.thread, thread_world
    english = {p["id"]: p for p in items(client, "proposals")}
    assert set(english) == {t.opened.pk, t.a.pk, t.b.pk}  # not the draft, not the hidden one
    opened = english[t.opened.pk]
    assert (opened["title"], opened["title_en"], opened["title_cy"]) == (
        "Text reminders",
        "Text reminders",
        "Negeseuon atgoffa",
    )
    assert (opened["body_en"], opened["body_cy"]) == ("In full.", None)
    assert opened["statements"] == [world.public_statements[0].pk]  # the hidden statement it cites is left out
    assert opened["decisions"] == [t.decision.pk]
    assert opened["comments"] == 1
    assert opened["status"] == "decided"
    assert [(e["text_en"], e["text_cy"]) for e in opened["expert_input"]] == [
        ("Texts work well.", "Mae negeseuon yn gweithio.")
    ]
    welsh = {p["id"]: p for p in items(client, "proposals", "cy")}
    assert welsh[t.opened.pk]["title"] == "Negeseuon atgoffa"
    assert welsh[t.opened.pk]["expert_input"][0]["text"] == "Mae negeseuon yn gweithio."
    assert welsh[t.a.pk]["title"] == "Evening clinics"  # not translated yet: the English, as the pages fall back
    assert welsh[t.a.pk]["title_cy"] is None


def test_decisions_iterations_actions_and_updates(thread_world, client):
    t = thread_world.thread
    [decision] = items(client, "decisions", "cy")
    assert decision["title"] == "Byddwn yn anfon negeseuon atgoffa"
    assert (decision["decided_by_en"], decision["decided_by_cy"]) == ("The outpatients board", "Bwrdd cleifion allanol")
    assert decision["proposals"] == [t.opened.pk]
    assert decision["actions"] == [t.done.pk, t.progress.pk, t.planned.pk]

    iterations = {i["id"]: i for i in items(client, "iterations")}
    # Started, and later with an action; not the later one nobody has been told about yet.
    assert set(iterations) == {t.started.pk, t.later.pk}
    assert iterations[t.started.pk]["is_current"] and iterations[t.started.pk]["name_cy"] == "Pythefnos cyntaf"
    assert iterations[t.later.pk]["actions"] == [t.progress.pk]

    actions = {a["id"]: a for a in items(client, "actions", "cy")}
    assert {a["status"] for a in actions.values()} == {"planned", "in_progress", "done"}
    done = actions[t.done.pk]
    assert (done["owner"], done["owner_en"]) == ("Tîm archebu cleifion allanol", "Outpatients booking team")
    assert (done["decision"], done["iteration"]) == (t.decision.pk, t.started.pk)
    assert actions[t.planned.pk]["iteration"] is None
    only_done = client.get("/api/v1/engagements/outpatients/actions?status=done").json()["items"]
    assert [a["id"] for a in only_done] == [t.done.pk]

    updates = items(client, "updates")
    assert [u["id"] for u in updates] == [t.note.pk, *sorted((u["id"] for u in updates[1:]), reverse=True)]
    assert {(u["action"], u["status"]) for u in updates} == {
        (t.note.action_id, None),
        (t.done.pk, "done"),
        (t.progress.pk, "in_progress"),
    }
    assert updates[0]["text_cy"] == "Aros am yr argraffydd."
    of_done = client.get(f"/api/v1/engagements/outpatients/updates?action={t.done.pk}").json()["items"]
    assert [(u["status"], u["text_en"]) for u in of_done] == [("done", "Live now.")]


# ------------------------------------------------------------------------------------------ small numbers
def test_feedback_is_held_back_below_the_threshold_and_shown_from_it(thread_world, client, settings):
    t = thread_world.thread
    feedback = {f["action"]: f for f in items(client, "feedback")}
    assert set(feedback) == {t.done.pk, t.progress.pk, t.planned.pk}
    # Two people on the planned action: how many is said (as on the page), the rest held back, and said so.
    assert feedback[t.planned.pk] == {
        "action": t.planned.pk,
        "respondents": 2,
        "suppressed": True,
        "mean_rating": None,
        "distribution": [],
        "perspectives": [],
    }
    assert feedback[t.progress.pk]["respondents"] == 0 and feedback[t.progress.pk]["suppressed"]
    done = feedback[t.done.pk]  # six people: 5, 4, 4, 3, 5, 2
    assert (done["respondents"], done["suppressed"], done["mean_rating"]) == (6, False, 3.83)
    # Each answer was given by fewer than 5 (but some): with the mean, shown counts could give the others away.
    assert all(d["people"] is None and d["suppressed"] for d in done["distribution"])
    # Five patients and one carer: the carer is held back, and so are the patients (six less five is the carer).
    assert [(p["perspective"], p["respondents"], p["suppressed"]) for p in done["perspectives"]] == [
        ("Patient", None, True),
        ("Carer", None, True),
    ]

    settings.SMALL_NUMBERS_THRESHOLD = 1
    done = {f["action"]: f for f in items(client, "feedback")}[t.done.pk]
    assert [(d["rating"], d["people"]) for d in done["distribution"]] == [(1, 0), (2, 1), (3, 1), (4, 2), (5, 2)]
    assert [(p["perspective"], p["respondents"], p["mean_rating"]) for p in done["perspectives"]] == [
        ("Patient", 5, 4.2),
        ("Carer", 1, 2.0),
    ]
    planned = {f["action"]: f for f in items(client, "feedback")}[t.planned.pk]
    assert (planned["suppressed"], planned["mean_rating"]) == (False, 1.0)


@pytest.mark.parametrize(
    ("counts", "total", "expected"),
    [
        ([5, 1], 6, [False, False]),  # the one held back would be 6 - 5
        ([5, 5], 10, [True, True]),
        ([5, 5, 1], 11, [False, True, False]),  # the smallest shown goes too (the first of equals): 5 + 1 together
        ([5, 0], 5, [True, False]),  # nobody held back
        ([5, 6], 14, [False, True]),  # three people without a perspective: 5 + 3 held back together
        ([2, 3], 5, [False, False]),
    ],
)
def test_complementary_suppression(settings, counts, total, expected):
    settings.SMALL_NUMBERS_THRESHOLD = 5
    assert complementary(counts, total) == expected


@pytest.mark.parametrize(("choosers", "ranked"), [(5, True), (4, False)])
def test_priorities_are_ranked_only_from_the_threshold(api_world, client, choosers, ranked):
    world = api_world
    t = build_thread(world, world.public, world.public_statements, world.public_people, choosers=choosers)
    priorities = get(client, "outpatients", "priorities", "cy")
    assert priorities["threshold"] == 5
    for method in ("pairwise", "dots"):
        result = priorities[method]
        assert result["people"] == choosers and result["ranked"] is ranked
        assert {o["proposal"] for o in result["options"]} == {t.a.pk, t.b.pk}
        ranks = [o["rank"] for o in result["options"]]
        assert ranks == ([1, 2] if ranked else [None, None])
    if ranked:
        assert sum(o["share"] for o in priorities["dots"]["options"]) == 100
        # All five choosers are patients: their cell is shown, the others (nobody) held back and said so.
        cells = priorities["dots"]["options"][0]["by_perspective"]
        assert [(c["perspective"], c["suppressed"]) for c in cells] == [
            ("Claf", False),
            ("Gofalwr", True),
            ("Staff", True),
        ]
    else:
        assert all(o["score"] is None for o in priorities["pairwise"]["options"])
        assert all(o["dots"] is None for o in priorities["dots"]["options"])


def test_priorities_follow_the_page_they_come_from(api_world, client):
    """Before prioritisation or decisions open, as the priorities page: not to visitors; to the own key."""
    world = api_world
    response = client.get("/api/v1/engagements/outpatients/priorities")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "priorities_not_open"
    key = {"HTTP_AUTHORIZATION": f"Bearer {world.read_secret}"}
    assert client.get("/api/v1/engagements/outpatients/priorities", **key).status_code == 200
    other = {"HTTP_AUTHORIZATION": f"Bearer {world.other_secret}"}
    assert client.get("/api/v1/engagements/outpatients/priorities", **other).status_code == 403


# ------------------------------------------------------------------------------------------ nothing personal
def everything(client, world) -> tuple[list, bytes]:
    """Every golden thread answer (both languages, a key of the organisation) and every file of the download."""
    key = {"HTTP_AUTHORIZATION": f"Bearer {world.read_secret}"}
    answers = [get(client, "outpatients", what, language, **key) for what in THREAD for language in ("en", "cy")]
    build_open_data(world.public)
    archive = client.get("/api/v1/engagements/outpatients/exports/open-data.zip", **key)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        files = b"\n".join(z.read(name) for name in z.namelist())
    return answers, json.dumps(answers, ensure_ascii=False).encode() + files


def test_no_personal_data_and_no_draft_hidden_or_private_words(thread_world, client):
    world = thread_world
    build_thread(world, world.private, world.private_statements, world.private_people)
    answers, published = everything(client, world)
    assert not walk_keys(answers) & PERSONAL_KEYS, walk_keys(answers) & PERSONAL_KEYS
    for secret in (DRAFT_TITLE, HIDDEN_TITLE, FEEDBACK_COMMENT, EXPERT_NAME, "Quartermain", "ZQI later"):
        assert secret.encode() not in published, secret
    for user in get_user_model().objects.all():
        assert user.email.encode() not in published
    for public_id in Participant.objects.values_list("public_id", flat=True):
        assert str(public_id).encode() not in published
    # The private engagement's thread is its members' and its organisation's only.
    for what in THREAD:
        response = client.get(f"/api/v1/engagements/staff-wellbeing/{what}")
        assert response.status_code == 404, what


# ------------------------------------------------------------------------------------------ queries
def grow(world, t) -> None:
    """More of everything the thread lists: proposals, actions, updates, feedback."""
    for n in range(5):
        proposal = do_write_proposal(
            world.public,
            Author(user=world.fran),
            title=f"More {n}",
            summary="More.",
            body="",
            statements=world.public_statements[:2],
        )
        t.decision.proposals.add(proposal)
        action = do_create_action(
            world.fran, t.decision, title=f"Action {n}", description="", owner="Team", target_date=None
        )
        do_add_update(world.fran, action, f"Update {n}")
        for person in world.public_people:
            do_give_feedback(person, action, 4, "")


@pytest.mark.parametrize("what", THREAD)
def test_thread_queries_do_not_grow_with_the_thread(thread_world, client, what, django_assert_max_num_queries):
    url = f"/api/v1/engagements/outpatients/{what}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(thread_world, thread_world.thread)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= 12


def test_the_download_costs_the_same_queries_with_a_bigger_thread(thread_world):
    world = thread_world
    conversation = world.public.conversation
    download(world.public, conversation, "open-data.zip")  # the analysis snapshot
    with CaptureQueriesContext(connection) as small:
        download(world.public, conversation, "open-data.zip")
    grow(world, world.thread)
    with CaptureQueriesContext(connection) as large:
        download(world.public, conversation, "open-data.zip")
    assert len(large.captured_queries) == len(small.captured_queries)


# ------------------------------------------------------------------------------------------ open data
def unzip(client, tmp_path: Path) -> Path:
    build_open_data(Engagement.objects.get(slug="outpatients"))
    response = client.get("/api/v1/engagements/outpatients/exports/open-data.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    return tmp_path / "outpatients"


def table(folder: Path, name: str) -> list[dict]:
    return list(csv.DictReader(open(folder / name, encoding="utf-8", newline="")))


def test_the_open_data_carries_the_thread_in_both_languages(thread_world, client, tmp_path):
    t = thread_world.thread
    folder = unzip(client, tmp_path)
    report = frictionless.validate(folder / "datapackage.json")  # foreign keys between the tables too
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text())
    resources = {r["path"]: r for r in package["resources"]}
    for name in NEW_FILES:
        assert all(f["description"] for f in resources[name]["schema"]["fields"]), name
    assert resources["actions.csv"]["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "decisions",
        "fields": "decision",
    }
    engagement = json.loads((folder / "engagement.json").read_text())
    for name in NEW_FILES:
        assert name in engagement["files"].values(), name
        assert (folder / name).exists()

    proposals = {int(p["proposal"]): p for p in table(folder, "proposals.csv")}
    assert set(proposals) == {t.opened.pk, t.a.pk, t.b.pk}
    opened = proposals[t.opened.pk]
    assert (opened["title_en"], opened["title_cy"], opened["summary_cy"]) == (
        "Text reminders",
        "Negeseuon atgoffa",
        "Neges ddeuddydd cyn.",
    )
    assert opened["statements"] == str(thread_world.public_statements[0].pk)
    assert [(e["proposal"], e["text_cy"]) for e in table(folder, "expert-input.csv")] == [
        (str(t.opened.pk), "Mae negeseuon yn gweithio.")
    ]
    [decision] = table(folder, "decisions.csv")
    assert (decision["decided_by_en"], decision["decided_by_cy"]) == ("The outpatients board", "Bwrdd cleifion allanol")
    assert {int(i["iteration"]) for i in table(folder, "iterations.csv")} == {t.started.pk, t.later.pk}
    actions = {int(a["action"]): a for a in table(folder, "actions.csv")}
    assert (actions[t.done.pk]["owner_cy"], actions[t.planned.pk]["iteration"]) == ("Tîm archebu cleifion allanol", "")
    assert {u["text_cy"] for u in table(folder, "updates.csv")} == {"Aros am yr argraffydd.", "Yn fyw nawr.", ""}
    feedback = {int(f["action"]): f for f in table(folder, "feedback.csv")}
    assert (feedback[t.planned.pk]["respondents"], feedback[t.planned.pk]["suppressed"]) == ("2", "true")
    assert feedback[t.planned.pk]["mean_rating"] == "" and feedback[t.planned.pk]["rating_1"] == ""
    assert (feedback[t.done.pk]["suppressed"], feedback[t.done.pk]["mean_rating"]) == ("false", "3.83")


def test_feedback_csv_gives_the_answers_when_each_is_shown(thread_world, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 1
    world = thread_world
    content = download(world.public, world.public.conversation, "feedback.csv")[0]
    done = next(r for r in csv.DictReader(io.StringIO(content.decode())) if r["action"] == str(world.thread.done.pk))
    assert [done[f"rating_{n}"] for n in range(1, 6)] == ["0", "1", "1", "2", "2"]


def test_a_title_starting_with_a_formula_is_escaped(thread_world):
    world, t = thread_world, thread_world.thread
    t.opened.title_en = '=HYPERLINK("http://evil.example","x")'
    t.opened.save()
    t.done.owner_cy = "@SUM(A1)"
    t.done.save()
    t.decision.title_en = "-cmd"
    t.decision.save()
    conversation = world.public.conversation

    def cells(name: str) -> set[str]:
        content = download(world.public, conversation, name)[0].decode()
        return {cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row}

    assert '\'=HYPERLINK("http://evil.example","x")' in cells("proposals.csv")
    assert "'@SUM(A1)" in cells("actions.csv")
    assert "'-cmd" in cells("decisions.csv")
