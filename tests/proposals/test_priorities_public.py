"""Issue 16: prioritisation results stay public after a decision and are linked from it; the overall ranking (and
the dots) appear only once at least as many people as core.privacy's small-numbers threshold (5) have chosen."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.privacy import small_numbers_threshold
from coproduce.engagements.models import Phase
from coproduce.proposals.actions import do_record_decision
from coproduce.proposals.models import DotAllocation, PairwiseChoice
from tests.proposals.conftest import close_phase
from tests.proposals.test_pairwise import shortlist

pytestmark = pytest.mark.django_db

RANKING = "Priorities, highest first"
DOTS = "Dots per option, most first"


def choose(codesign, people: int, a, b) -> None:
    for n in range(people):
        someone = codesign.participant()
        PairwiseChoice.objects.create(
            engagement=codesign.world.public, participant=someone, option_a=a, option_b=b, chosen=a, nonce=f"{n}"
        )


def spread_dots(codesign, people: int, a) -> None:
    for _n in range(people):
        DotAllocation.objects.create(
            engagement=codesign.world.public, participant=codesign.participant(), proposal=a, dots=3
        )


def priorities(slug="outpatients") -> str:
    response = Client().get(reverse("proposals:priorities", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_threshold_is_the_small_numbers_one():
    assert small_numbers_threshold() == 5


def test_the_ranking_appears_only_once_five_people_have_chosen(codesign):
    a, b = shortlist(codesign, 2)
    choose(codesign, 4, a, b)
    page = priorities()
    assert RANKING not in page and "<svg" not in page
    assert "The ranking appears once at least 5 people have chosen between pairs" in page
    choose(codesign, 1, a, b)
    page = priorities()
    assert RANKING in page and "The ranking appears once" not in page


def test_the_dots_appear_only_once_five_people_have_spread_them(codesign):
    a, _b = shortlist(codesign, 2)
    spread_dots(codesign, 4, a)
    page = priorities()
    assert DOTS not in page and "The dots appear once at least 5 people have spread theirs" in page
    spread_dots(codesign, 1, a)
    assert DOTS in priorities()


def test_after_a_decision_the_results_stay_public_and_the_decision_links_to_them(codesign):
    world = codesign.world
    a, b = shortlist(codesign, 2)
    choose(codesign, 5, a, b)
    decision = do_record_decision(
        world.fran,
        world.public,
        title="We will send text reminders",
        decided_by="The outpatients board",
        decided_on=timezone.localdate(),
        reasons="People chose them.",
        not_done="",
        proposals=[a],
    )
    # Every phase closes: neither prioritisation nor decisions is on any more.
    for phase in Phase.objects.filter(engagement=world.public):
        close_phase(phase)
    assert not world.public.enabled_features()
    assert RANKING in priorities()
    link = reverse("proposals:priorities", args=[world.public.slug])
    assert f'href="{link}"' in Client().get(decision.get_absolute_url()).content.decode()
    assert f'href="{link}"' in Client().get(world.public.get_absolute_url()).content.decode()


def test_before_anyone_prioritised_and_with_no_decision_the_page_waits_for_prioritisation(codesign):
    world = codesign.world
    for phase in Phase.objects.filter(engagement=world.public):
        close_phase(phase)
    response = Client().get(reverse("proposals:priorities", args=[world.public.slug]))
    assert response.status_code == 302 and response["Location"] == world.public.get_absolute_url()
