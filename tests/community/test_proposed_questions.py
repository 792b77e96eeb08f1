"""Communities set agendas too: a person proposes a question to an organisation, others support it (once each),
and the organisation answers in public — taken up, linked to the engagement it started, or declined with its
reason. Erasing the proposer's data keeps the question for its supporters, without their name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.accounts.personal_data import Person
from coproduce.community import actions
from coproduce.community.models import ProposedQuestion, QuestionSupport
from coproduce.engagements.actions import do_erase_personal_data

QUESTION = "Beth sy’n bwysig i chi am y bws i’r ysbyty?"


def propose(client, world, **changes):
    client.force_login(world.pat)
    client.cookies["coproduce_language"] = "cy"
    data = {"question": QUESTION, "why": "Mae’r bws olaf yn gadael am bump.", "name": "Cylch Cerdded", **changes}
    return client.post(reverse("community:propose", args=[world.org.slug]), data)


def test_a_question_is_proposed_supported_once_and_shown_in_its_language(client, world):
    assert propose(client, world).status_code == 302
    question = ProposedQuestion.objects.get()
    assert (question.language, question.proposer, question.status) == ("cy", world.pat, "open")
    url = reverse("community:support", args=[question.pk])
    for persona in (world.sam, world.olly, world.olly):
        client.force_login(persona)
        client.post(url)
    assert QuestionSupport.objects.filter(question=question).count() == 2
    client.cookies["coproduce_language"] = "en"
    body = client.get(reverse("community:questions", args=[world.org.slug])).content.decode()
    assert f'<h2 class="heading-s" lang="cy">{QUESTION}</h2>' in body
    assert "2 supporters" in body and "You support this question." in body
    # The question is in the support button's hidden words too, read in its own language by a screen reader.
    client.logout()
    body = client.get(reverse("community:questions", args=[world.org.slug])).content.decode()
    assert f'<span class="visually-hidden">: <span lang="cy">{QUESTION}</span></span>' in body


def test_taken_up_links_to_the_engagement_and_closes_support(client, world):
    propose(client, world)
    question = ProposedQuestion.objects.get()
    client.force_login(world.alice)
    refused = client.post(
        reverse("community_staff:question_answer", args=[question.pk]),
        {"decision": "taken_up", "response_en": "Yes."},
    )
    assert refused.status_code == 400 and ProposedQuestion.objects.get().status == "open"
    client.post(
        reverse("community_staff:question_answer", args=[question.pk]),
        {"decision": "taken_up", "engagement": world.public.pk, "response_en": "We are asking everyone now."},
    )
    question.refresh_from_db()
    assert (question.status, question.engagement) == ("taken_up", world.public)
    body = client.get(reverse("community:questions", args=[world.org.slug])).content.decode()
    assert "We are asking everyone now." in body and world.public.get_absolute_url() in body
    with pytest.raises(actions.AssetRefused):
        actions.do_support_question(world.sam, question)


def test_another_organisations_engagement_cannot_be_linked(world):
    question = actions.do_propose_question(world.pat, world.org, "Parking?", "", "Pat", "en")
    with pytest.raises(actions.AssetRefused):
        actions.do_answer_question(world.olly, question, "taken_up", "Yes", world.other_private)


def test_declined_needs_a_reason_and_shows_it(client, world):
    propose(client, world)
    question = ProposedQuestion.objects.get()
    client.force_login(world.fran)
    url = reverse("community_staff:question_answer", args=[question.pk])
    assert client.post(url, {"decision": "declined"}).status_code == 400
    client.post(url, {"decision": "declined", "response_en": "Transport is the council’s: we passed it on."})
    assert ProposedQuestion.objects.get().status == "declined"
    client.logout()
    assert (
        "Transport is the council’s"
        in client.get(reverse("community:questions", args=[world.org.slug])).content.decode()
    )


def test_erasure_keeps_the_question_without_its_proposer(client, world):
    propose(client, world)
    question = ProposedQuestion.objects.get()
    actions.do_support_question(world.pat, question)
    actions.do_support_question(world.sam, question)
    do_erase_personal_data(world.pat, Person.of_user(world.pat))
    question.refresh_from_db()
    assert (question.proposer, question.proposer_name) == (None, "")
    assert list(QuestionSupport.objects.values_list("user_id", flat=True)) == [world.sam.pk]
