"""Dots: a facilitator switches a phase to dots; each participant spreads N dots; over the allowance saves nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coproduce.engagements.models import AuditEvent
from coproduce.proposals import scoring
from coproduce.proposals.models import DotAllocation, PrioritisationSettings, Proposal
from tests.proposals.conftest import close_phase


@pytest.fixture
def dots_phase(codesign, client):
    world = codesign.world
    phase = codesign.phases[world.public.slug]
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:prioritisation", args=[world.public.slug]),
        {"phase": phase.pk, f"phase-{phase.pk}-method": "dots", f"phase-{phase.pk}-dots": "5"},
    )
    assert response.status_code == 302
    client.logout()
    assert AuditEvent.objects.filter(action="prioritisation.configured").exists()
    options = [codesign.proposal(status=Proposal.Status.SHORTLISTED, title=f"Option {i}") for i in range(3)]
    return phase, options


def test_facilitator_settings_refuse_bad_numbers(codesign, client):
    world = codesign.world
    phase = codesign.phases[world.public.slug]
    client.force_login(world.fran)
    url = reverse("proposals_staff:prioritisation", args=[world.public.slug])
    response = client.post(url, {"phase": phase.pk, f"phase-{phase.pk}-method": "dots", f"phase-{phase.pk}-dots": "0"})
    assert response.status_code == 400 and "Enter a number of dots from 1 to 100" in response.content.decode()
    assert not PrioritisationSettings.objects.exists()


def test_participant_spreads_dots_and_can_change_them(codesign, dots_phase):
    world = codesign.world
    phase, (a, b, c) = dots_phase
    someone = codesign.participant()
    browser = codesign.browser(someone)
    page = browser.get(reverse("proposals:prioritise", args=[world.public.slug])).content.decode()
    assert "Spread your dots" in page and "You have 5 dots." in page
    url = reverse("proposals:dots", args=[world.public.slug])
    assert browser.post(url, {f"option-{a.pk}": "3", f"option-{b.pk}": "2"}).status_code == 302
    assert dict(DotAllocation.objects.values_list("proposal_id", "dots")) == {a.pk: 3, b.pk: 2}
    assert browser.post(url, {f"option-{c.pk}": "4"}).status_code == 302
    assert dict(DotAllocation.objects.values_list("proposal_id", "dots")) == {c.pk: 4}
    result = scoring.dots_results(world.public, scoring.options(world.public))
    assert [(row.proposal.pk, row.dots) for row in result["dots_rows"]][0] == (c.pk, 4)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_dots_over_the_allowance_save_nothing(codesign, dots_phase, language):
    world = codesign.world
    phase, (a, b, c) = dots_phase
    browser = codesign.browser(codesign.participant())
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = browser.post(
        reverse("proposals:dots", args=[world.public.slug]), {f"option-{a.pk}": "3", f"option-{b.pk}": "3"}
    )
    assert response.status_code == 400
    msgid = "You have %(allowance)s dots to spread, and you used %(used)s. Take some away, then send them again."
    with translation.override(language):
        expected = translation.gettext(msgid) % {"allowance": 5, "used": 6}
    if language == "cy":
        assert expected != msgid % {"allowance": 5, "used": 6}
    assert expected in response.content.decode()
    assert not DotAllocation.objects.exists()


@pytest.mark.parametrize("data", [{"option-A": "-1"}, {"option-A": "two"}, {"option-A": "0"}, {"option-A": "6"}])
def test_bad_dots_save_nothing(codesign, dots_phase, data):
    world = codesign.world
    phase, (a, b, c) = dots_phase
    browser = codesign.browser(codesign.participant())
    data = {key.replace("A", str(a.pk)): value for key, value in data.items()}
    response = browser.post(reverse("proposals:dots", args=[world.public.slug]), data)
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not DotAllocation.objects.exists()


def test_dots_after_the_phase_closed_or_in_a_pairwise_phase(codesign, dots_phase):
    world = codesign.world
    phase, (a, b, c) = dots_phase
    browser = codesign.browser(codesign.participant())
    url = reverse("proposals:dots", args=[world.public.slug])
    PrioritisationSettings.objects.filter(phase=phase).update(method="pairwise")
    response = browser.post(url, {f"option-{a.pk}": "1"}, follow=True)
    assert "This phase asks you to compare pairs, not to spread dots. Nothing was saved." in response.content.decode()
    PrioritisationSettings.objects.filter(phase=phase).update(method="dots")
    close_phase(phase)
    response = browser.post(url, {f"option-{a.pk}": "1"}, follow=True)
    assert "Prioritisation has closed. Your dots were not saved." in response.content.decode()
    assert not DotAllocation.objects.exists()


def test_dots_results_by_perspective_hide_small_groups(codesign, dots_phase, client):
    world = codesign.world
    phase, (a, b, c) = dots_phase
    patient, carer = world.public.perspectives.order_by("position")[:2]
    for _ in range(5):
        codesign.browser(codesign.participant(perspective=patient)).post(
            reverse("proposals:dots", args=[world.public.slug]), {f"option-{a.pk}": "5"}
        )
    codesign.browser(codesign.participant(perspective=carer)).post(
        reverse("proposals:dots", args=[world.public.slug]), {f"option-{b.pk}": "5"}
    )
    result = scoring.dots_results(world.public, scoring.options(world.public))
    by_name = {item["perspective"].pk: item for item in result["dots_perspectives"]}
    assert not by_name[patient.pk]["suppressed"] and by_name[carer.pk]["suppressed"]
    top = result["dots_rows"][0]
    assert top.proposal == a and top.dots == 25 and top.people == 5
    page = client.get(reverse("proposals:priorities", args=[world.public.slug])).content.decode()
    assert "Dots per option, most first" in page and "too few to show" in page
