"""Acceptance (issue 7, item 3): bad input gets a clear message in the user's language and nothing is saved."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from coproduce.engagements.models import AuditEvent
from coproduce.proposals import scoring
from coproduce.proposals.models import Citation, Comment, Decision, PairwiseChoice, Proposal, ProposalVersion
from tests.proposals.conftest import close_phase


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def everything() -> tuple:
    return (
        list(Proposal.objects.values_list("pk", "title", "status", "status_reason", "is_hidden", "boundary")),
        Citation.objects.count(),
        ProposalVersion.objects.count(),
        Comment.objects.count(),
        PairwiseChoice.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture(params=["en", "cy"])
def language(request):
    return request.param


def speak(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_welsh_messages_are_translated():
    # The checks below compare with the catalogue; this one makes sure the catalogue really has Welsh for them.
    for msgid in (
        "Choose statements from this engagement only",
        "That choice could not be saved: choose one of the two options shown, or “I can’t decide”.",
        "Prioritisation has closed. Your choice was not saved.",
    ):
        assert in_language("cy", msgid) != msgid, msgid


def test_proposal_citing_a_statement_of_another_engagement(codesign, language):
    world = codesign.world
    someone = codesign.participant()
    client = speak(codesign.browser(someone), language)
    foreign = codesign.statements[world.private.slug][0]
    before = everything()
    response = client.post(
        reverse("proposals:write", args=[world.public.slug]),
        {
            "title": "Borrowed",
            "summary": "Cites someone else's statement.",
            "body": "",
            "statements": [str(foreign.pk)],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert in_language(language, "There is a problem") in page
    assert in_language(language, "Choose statements from this engagement only") in page
    assert everything() == before


def test_proposal_mixing_own_and_foreign_statements_saves_nothing(codesign):
    world = codesign.world
    client = codesign.browser(codesign.participant())
    own, foreign = codesign.statements[world.public.slug][0], codesign.statements[world.other_private.slug][0]
    before = everything()
    response = client.post(
        reverse("proposals:write", args=[world.public.slug]),
        {
            "title": "Mixed",
            "summary": "Half mine.",
            "statements": [str(own.pk), str(foreign.pk)],
        },
    )
    assert response.status_code == 200 and everything() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": " ", "summary": "A summary.", "statements": "OWN"}, "Enter a title"),
        ({"title": "A title", "summary": "", "statements": "OWN"}, "Enter a summary"),
        ({"title": "A title", "summary": "A summary."}, "Choose at least one statement your proposal answers"),
        (
            {"title": "A title", "summary": "A summary.", "statements": "not-a-number"},
            "Choose statements from this engagement only",
        ),
    ],
)
def test_proposal_form_errors(codesign, data, message):
    world = codesign.world
    client = codesign.browser(codesign.participant())
    if data.get("statements") == "OWN":
        data = {**data, "statements": str(codesign.statements[world.public.slug][0].pk)}
    before = everything()
    response = client.post(reverse("proposals:write", args=[world.public.slug]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert everything() == before


def shown_pair(codesign, participant):
    world = codesign.world
    a = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="Text reminders")
    b = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="Evening clinics")
    c = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="Parking")
    token = scoring.sign_pair(world.public, participant, a, b)
    return a, b, c, token


def test_pairwise_choice_of_an_option_not_in_the_pair_shown(codesign, language):
    world = codesign.world
    someone = codesign.participant()
    client = speak(codesign.browser(someone), language)
    a, b, c, token = shown_pair(codesign, someone)
    before = everything()
    response = client.post(
        reverse("proposals:choose", args=[world.public.slug]), {"pair": token, "choice": str(c.pk)}, follow=True
    )
    assert (
        in_language(
            language, "That choice could not be saved: choose one of the two options shown, or “I can’t decide”."
        )
        in response.content.decode()
    )
    assert everything() == before


def test_pairwise_forged_or_borrowed_pair_is_refused(codesign):
    world = codesign.world
    someone, other = codesign.participant(), codesign.participant()
    client = codesign.browser(someone)
    a, b, c, token = shown_pair(codesign, someone)
    forged = signing.dumps(
        {"e": world.public.pk, "p": str(someone.public_id), "a": a.pk, "b": c.pk, "n": "x"}, salt="another-salt"
    )
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    someone_elses = scoring.sign_pair(world.public, other, a, c)
    before = everything()
    for bad in (forged, tampered, someone_elses, ""):
        response = client.post(
            reverse("proposals:choose", args=[world.public.slug]), {"pair": bad, "choice": str(a.pk)}, follow=True
        )
        assert "That choice could not be saved" in response.content.decode()
    assert everything() == before


def test_pairwise_choice_after_the_phase_closed(codesign, language):
    world = codesign.world
    someone = codesign.participant()
    client = speak(codesign.browser(someone), language)
    a, b, c, token = shown_pair(codesign, someone)
    close_phase(codesign.phases[world.public.slug])
    before = everything()
    response = client.post(
        reverse("proposals:choose", args=[world.public.slug]), {"pair": token, "choice": str(a.pk)}, follow=True
    )
    assert in_language(language, "Prioritisation has closed. Your choice was not saved.") in response.content.decode()
    assert everything() == before


def test_pairwise_choice_on_an_option_no_longer_shortlisted(codesign):
    world = codesign.world
    someone = codesign.participant()
    client = codesign.browser(someone)
    a, b, c, token = shown_pair(codesign, someone)
    Proposal.objects.filter(pk=b.pk).update(is_hidden=True)
    before = everything()
    response = client.post(
        reverse("proposals:choose", args=[world.public.slug]), {"pair": token, "choice": str(a.pk)}, follow=True
    )
    assert "no longer being compared" in response.content.decode()
    assert everything() == before


def test_comment_after_comments_closed_and_reply_to_another_proposals_comment(codesign):
    world = codesign.world
    someone = codesign.participant()
    client = codesign.browser(someone)
    mine, theirs = codesign.proposal(), codesign.proposal(title="Other")
    elsewhere = Comment.objects.create(proposal=theirs, text="Over there")
    before = everything()
    response = client.post(
        reverse("proposals:comment", args=[world.public.slug, mine.pk]), {"text": "Hi", "parent": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "The comment you replied to is no longer shown" in response.content.decode()
    response = client.post(reverse("proposals:comment", args=[world.public.slug, mine.pk]), {"text": "   "})
    assert response.status_code == 400 and "Enter your comment" in response.content.decode()
    close_phase(codesign.phases[world.public.slug])
    response = client.post(
        reverse("proposals:comment", args=[world.public.slug, mine.pk]), {"text": "Late"}, follow=True
    )
    assert "Comments are closed. Your comment was not saved." in response.content.decode()
    assert everything() == before


def test_not_taken_forward_needs_a_reason(codesign, client):
    world = codesign.world
    proposal = codesign.proposal()
    client.force_login(world.fran)
    before = everything()
    response = client.post(
        reverse("proposals_staff:status", args=[world.public.slug, proposal.pk]),
        {"status-status": "not_taken_forward", "status-reason_en": " "},
    )
    assert response.status_code == 400
    assert "Say why the proposal is not taken forward" in response.content.decode()
    response = client.post(
        reverse("proposals_staff:status", args=[world.public.slug, proposal.pk]), {"status-status": "approved-by-magic"}
    )
    assert response.status_code == 400
    assert everything() == before


def test_decision_taking_up_a_proposal_of_another_engagement(codesign, client):
    world = codesign.world
    foreign = codesign.proposal(engagement=world.private, status=Proposal.Status.SHORTLISTED)
    client.force_login(world.fran)
    before = everything()
    response = client.post(
        reverse("proposals_staff:decision_new", args=[world.public.slug]),
        {
            "title_en": "Do it",
            "decided_by_en": "The board",
            "decided_on": "2026-11-20",
            "reasons_en": "Because.",
            "proposals": [str(foreign.pk)],
        },
    )
    assert response.status_code == 200
    assert "Choose proposals of this engagement only" in response.content.decode()
    response = client.post(
        reverse("proposals_staff:decision_new", args=[world.public.slug]),
        {
            "title_en": "Do it",
            "decided_by_en": "The board",
            "decided_on": "not a date",
            "reasons_en": "Because.",
        },
    )
    assert "Enter a real date, for example 2026-03-31" in response.content.decode()
    assert everything() == before


def test_amendment_that_changes_nothing_saves_nothing(codesign):
    world = codesign.world
    someone = codesign.participant()
    from coproduce.proposals.access import Author

    proposal = codesign.proposal(author=Author(participant=someone))
    client = codesign.browser(someone)
    before = everything()
    response = client.post(
        reverse("proposals:amend", args=[world.public.slug, proposal.pk]),
        {
            "title": proposal.title,
            "summary": proposal.summary,
            "body": proposal.body,
            "note": "No change",
        },
    )
    assert response.status_code == 200
    assert "Nothing has changed" in response.content.decode()
    assert everything() == before
