"""The "see all" list filters by perspective too (issue 21: "by group, perspective, agreement, text"): what sets one
perspective apart, and the common ground across perspectives, with a plain GET form and links. A perspective of
too few people to show is neither offered nor listed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement, Vote, normalise_statement
from coproduce.engagements.models import Participant
from tests.conversations.conftest import client_of

pytestmark = pytest.mark.django_db

URL = reverse("conversations:results_list", args=["outpatients"])
SPLIT = 6  # statements 0–5: patients agree, carers disagree; the rest: everyone agrees


@pytest.fixture
def perspectives(world, conversation, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 5
    texts = [f"Perspective statement {i:02} about the clinic" for i in range(20)]
    statements = Statement.objects.bulk_create(
        Statement(conversation=conversation, text=t, normalised=normalise_statement(t), origin=Statement.Origin.SEED)
        for t in texts
    )
    patient, carer, staff = world.public.perspectives.order_by("position")
    people = {
        which: Participant.objects.bulk_create(
            Participant(engagement=world.public, consented_at=timezone.now(), perspective=which) for _ in range(n)
        )
        for which, n in ((patient, 12), (carer, 12), (staff, 2))  # two staff: too few to show
    }
    votes = []
    for which, members in people.items():
        for person in members:
            for i, statement in enumerate(statements):
                value = (Vote.AGREE if which == patient else Vote.DISAGREE) if i < SPLIT else Vote.AGREE
                votes.append(Vote(conversation=conversation, participant=person, statement=statement, value=value))
    Vote.objects.bulk_create(votes)
    compute_snapshot(conversation)
    return {
        "patient": patient,
        "carer": carer,
        "staff": staff,
        "statements": statements,
        "someone": people[patient][0],
    }


def listed(html: str) -> list[str]:
    return re.findall(r"Perspective statement (\d\d)", html)


def test_the_list_filters_by_what_sets_a_perspective_apart(perspectives):
    browser = client_of(perspectives["someone"])
    page = browser.get(URL).content.decode()
    # The form offers the perspectives shown, not the one of too few people.
    assert 'name="perspective"' in page
    assert f'<option value="{perspectives["patient"].pk}">Patient</option>' in page
    assert f'<option value="{perspectives["carer"].pk}">Carer</option>' in page
    assert f'value="{perspectives["staff"].pk}"' not in page
    patients = browser.get(URL, {"perspective": perspectives["patient"].pk}).content.decode()
    assert "set the perspective “Patient” apart" in patients
    assert f'<option value="{perspectives["patient"].pk}" selected>' in patients
    shown = listed(patients)
    assert shown and set(shown) <= {f"{i:02}" for i in range(SPLIT)}
    assert "agree more than others" in patients
    # Words narrow it; the pages' links would keep both.
    one = browser.get(URL, {"perspective": perspectives["patient"].pk, "q": "statement 03"}).content.decode()
    assert listed(one) == ["03"]


def test_a_perspective_of_too_few_people_or_unknown_is_ignored(perspectives):
    browser = client_of(perspectives["someone"])
    every = listed(browser.get(URL).content.decode())
    for value in (perspectives["staff"].pk, "999999", "patient"):
        response = browser.get(URL, {"perspective": value})
        assert response.status_code == 200
        assert listed(response.content.decode()) == every


def test_common_ground_across_perspectives_has_its_see_all(perspectives, conversation):
    # Common ground across perspectives needs enough people of each: the two staff say no perspective here.
    Participant.objects.filter(perspective=perspectives["staff"]).update(perspective=None)
    compute_snapshot(conversation)
    browser = client_of(perspectives["someone"])
    results = browser.get(reverse("conversations:results", args=["outpatients"])).content.decode()
    assert f'href="{URL}?show=across-perspectives"' in results  # more than the strongest 5: "see all"
    across = browser.get(URL, {"show": "across-perspectives"}).content.decode()
    shown = listed(across)
    assert shown and not set(shown) & {f"{i:02}" for i in range(SPLIT)}
    assert '<option value="across-perspectives" selected>' in across
