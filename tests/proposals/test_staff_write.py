"""Issue 16: staff write a proposal from the staff area, in English and Welsh side by side, through the proposals
action (its audit event), linked from the staff navigation. Who may is in the permission matrix."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent
from coproduce.proposals.models import Proposal
from tests.proposals.conftest import close_phase

pytestmark = pytest.mark.django_db


def test_a_facilitator_writes_a_proposal_in_english_and_welsh(codesign, client):
    world = codesign.world
    slug = world.public.slug
    url = reverse("proposals_staff:proposal_new", args=[slug])
    client.force_login(world.fran)
    staff_page = client.get(reverse("proposals_staff:proposals", args=[slug])).content.decode()
    assert f'href="{url}"' in staff_page  # from the staff navigation
    page = client.get(url).content.decode()
    assert 'name="title_en"' in page and 'name="title_cy"' in page and 'name="summary_cy"' in page
    statement = codesign.statements[slug][0]
    response = client.post(
        url,
        {
            "title_en": "Evening clinics",
            "title_cy": "Clinigau gyda’r nos",
            "summary_en": "Clinics after work.",
            "summary_cy": "Clinigau ar ôl gwaith.",
            "statements": [str(statement.pk)],
        },
    )
    proposal = Proposal.objects.get(title_en="Evening clinics")
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.title_cy == "Clinigau gyda’r nos" and proposal.summary_cy == "Clinigau ar ôl gwaith."
    assert proposal.author_user == world.fran and proposal.status == Proposal.Status.OPEN
    assert list(proposal.citations.values_list("statement", flat=True)) == [statement.pk]
    event = AuditEvent.objects.get(action="proposal.created", details__proposal=proposal.pk)
    assert event.actor == world.fran
    with translation.override("cy"):
        assert (
            "Clinigau gyda’r nos" in client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
        )


def test_staff_may_write_one_while_the_phase_is_closed_to_participants(codesign, client):
    world = codesign.world
    close_phase(codesign.phases[world.public.slug])
    client.force_login(world.fran)
    statement = codesign.statements[world.public.slug][0]
    response = client.post(
        reverse("proposals_staff:proposal_new", args=[world.public.slug]),
        {"title_en": "Evening clinics", "summary_en": "After work.", "statements": [str(statement.pk)]},
    )
    assert response.status_code == 302 and Proposal.objects.filter(title_en="Evening clinics").exists()


def test_no_title_in_either_language_or_no_statement_saves_nothing(codesign, client):
    world = codesign.world
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:proposal_new", args=[world.public.slug]), {"summary_cy": "Crynodeb."}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a title" in page and "Choose at least one statement your proposal answers" in page
    assert not Proposal.objects.exists() and not AuditEvent.objects.filter(action="proposal.created").exists()


def test_the_statements_to_cite_keep_their_own_language_on_a_welsh_page(codesign, client):
    """WCAG 3.1.2: a participant's statement, written in English and not translated, is marked lang="en" among the
    Welsh choices, so that a screen reader reads it in an English voice; a Welsh one needs no mark."""
    world = codesign.world
    slug = world.public.slug
    english = codesign.statements[slug][0]
    welsh = Statement.objects.create(
        conversation=english.conversation,
        text="Dylai clinigau aros yn yr ysbyty.",
        language="cy",
        origin=english.origin,
    )
    client.force_login(world.fran)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    for url in (reverse("proposals_staff:proposal_new", args=[slug]), reverse("proposals:write", args=[slug])):
        page = client.get(url).content.decode()
        assert f'<span lang="en">{english.text}</span>' in page
        assert f'<span lang="cy">{welsh.text}</span>' in page
