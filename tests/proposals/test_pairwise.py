"""Pairwise prioritisation in the app: what is shown, what is stored (once), and the scores people see."""

from __future__ import annotations

import re

from django.urls import reverse

from coproduce.proposals import scoring
from coproduce.proposals.models import PairwiseChoice, Proposal


def shortlist(codesign, n: int = 3) -> list[Proposal]:
    return [codesign.proposal(status=Proposal.Status.SHORTLISTED, title=f"Option {i}") for i in range(n)]


def shown(response) -> tuple[str, list[str]]:
    page = response.content.decode()
    token = re.search(r'name="pair" value="([^"]+)"', page).group(1)
    choices = re.findall(r'name="choice" value="([^"]+)"', page)
    return token, choices


def test_a_double_submitted_choice_is_stored_once(codesign):
    world = codesign.world
    options = shortlist(codesign)
    someone = codesign.participant()
    client = codesign.browser(someone)
    token, choices = shown(client.get(reverse("proposals:prioritise", args=[world.public.slug])))
    assert len(choices) == 3 and choices[-1] == "none"
    url = reverse("proposals:choose", args=[world.public.slug])
    for _ in range(2):
        assert client.post(url, {"pair": token, "choice": choices[0]}).status_code == 302
    assert PairwiseChoice.objects.filter(participant=someone).count() == 1
    stored = PairwiseChoice.objects.get(participant=someone)
    assert stored.chosen_id == int(choices[0])
    assert stored.option_a_id < stored.option_b_id
    assert {stored.option_a_id, stored.option_b_id} == {int(choices[0]), int(choices[1])}
    assert stored.phase == codesign.phases[world.public.slug]
    assert int(choices[0]) in {p.pk for p in options}


def test_each_pair_is_shown_to_a_participant_once_then_done(codesign):
    world = codesign.world
    shortlist(codesign, 3)
    someone = codesign.participant()
    client = codesign.browser(someone)
    seen = set()
    for n in range(3):
        token, choices = shown(client.get(reverse("proposals:prioritise", args=[world.public.slug])))
        pair = frozenset(choices[:2])
        assert pair not in seen
        seen.add(pair)
        client.post(
            reverse("proposals:choose", args=[world.public.slug]),
            {"pair": token, "choice": "none" if n == 1 else choices[1]},
        )
    page = client.get(reverse("proposals:prioritise", args=[world.public.slug])).content.decode()
    assert "You have compared every pair" in page
    assert PairwiseChoice.objects.filter(participant=someone, chosen__isnull=True).count() == 1


def test_the_least_compared_pair_comes_first(codesign):
    world = codesign.world
    a, b, c = shortlist(codesign, 3)
    # Everyone else has compared (a, b) and (a, c) a lot, and (b, c) never.
    for _ in range(4):
        other = codesign.participant()
        for x, y in ((a, b), (a, c)):
            PairwiseChoice.objects.create(
                engagement=world.public, participant=other, option_a=x, option_b=y, chosen=x, nonce=f"{x.pk}-{y.pk}"
            )
    someone = codesign.participant()
    for _ in range(5):
        pair = scoring.next_pair(world.public, someone, scoring.options(world.public))
        assert {p.pk for p in pair} == {b.pk, c.pk}


def test_only_shortlisted_visible_options_are_compared(codesign):
    world = codesign.world
    a, b = shortlist(codesign, 2)
    codesign.proposal(title="Still open")
    hidden = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="Hidden")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert {p.pk for p in scoring.options(world.public)} == {a.pk, b.pk}


def test_priorities_page_scores_people_s_choices(codesign, client):
    world = codesign.world
    a, b, c = shortlist(codesign, 3)
    patient = world.public.perspectives.order_by("position").first()
    for n in range(6):
        someone = codesign.participant(perspective=patient)
        for x, y, chosen in ((a, b, a), (a, c, a), (b, c, b)):
            PairwiseChoice.objects.create(
                engagement=world.public,
                participant=someone,
                option_a=x,
                option_b=y,
                chosen=chosen,
                nonce=f"{n}-{x.pk}-{y.pk}",
            )
    result = scoring.results(world.public)
    assert [row.proposal.pk for row in result["rows"]] == [a.pk, b.pk, c.pk]
    top = result["rows"][0]
    assert top.lower < top.percent < top.upper and top.comparisons == 12 and top.wins == 12
    # Patients: six people, shown; carers and staff: nobody, suppressed.
    cells = {item["perspective"].pk: item for item in result["perspectives"]}
    assert not cells[patient.pk]["suppressed"]
    assert all(item["suppressed"] for pk, item in cells.items() if pk != patient.pk)
    page = client.get(reverse("proposals:priorities", args=[world.public.slug])).content.decode()
    assert "<svg" in page and "Priorities, highest first" in page
    assert page.index("Option 0") < page.index("Option 1") < page.index("Option 2")
    assert "too few to show" in page


def test_a_perspective_with_fewer_than_five_people_is_not_shown(codesign):
    world = codesign.world
    a, b = shortlist(codesign, 2)
    carer = world.public.perspectives.order_by("position")[1]
    for n in range(4):
        someone = codesign.participant(perspective=carer)
        for k in range(3):  # many choices, but only four people
            PairwiseChoice.objects.create(
                engagement=world.public, participant=someone, option_a=a, option_b=b, chosen=a, nonce=f"{n}-{k}"
            )
    result = scoring.results(world.public)
    carers = next(item for item in result["perspectives"] if item["perspective"].pk == carer.pk)
    assert carers["suppressed"] and carers["people"] == 4
    assert all(cell["cell"] is None for row in result["rows"] for cell in row.by_perspective)


def test_participants_may_suggest_a_missing_option_which_waits_for_a_facilitator(codesign, client):
    world = codesign.world
    shortlist(codesign, 2)
    someone = codesign.participant()
    browser = codesign.browser(someone)
    response = browser.post(
        reverse("proposals:suggest", args=[world.public.slug]),
        {"title": "Free parking for carers", "summary": "Carers should not pay to park."},
    )
    assert response.status_code == 302
    suggested = Proposal.objects.get(title="Free parking for carers")
    assert suggested.status == Proposal.Status.DRAFT and suggested.origin == Proposal.Origin.PRIORITISATION
    assert suggested.author_participant == someone
    assert suggested.pk not in {p.pk for p in scoring.options(world.public)}
    # Not public until a facilitator shortlists it; its author can see it.
    assert client.get(suggested.get_absolute_url()).status_code == 404
    assert browser.get(suggested.get_absolute_url()).status_code == 200
    client.force_login(world.fran)
    client.post(
        reverse("proposals_staff:status", args=[world.public.slug, suggested.pk]), {"status-status": "shortlisted"}
    )
    assert suggested.pk in {p.pk for p in scoring.options(world.public)}
