"""A facilitator enters a paper or phone response for someone: a new participant and votes marked assisted,
counted in the analysis. The person's consent must be confirmed; only managers may do it; bad input saves nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote, VoteEvent
from coproduce.engagements.models import AuditEvent, Participant

URL = reverse("conversations_staff:assisted", args=["outpatients"])


def answers(statements, values):
    return {f"s{s.pk}": str(v) for s, v in zip(statements, values)}


def nothing_saved():
    return (
        not Participant.objects.filter(is_assisted=True).exists()
        and not Vote.objects.exists()
        and not VoteEvent.objects.exists()
    )


def test_an_assisted_response_is_marked_and_counted(conversation, world, as_user):
    statements = list(conversation.statements.all())
    carer = world.public.perspectives.get(name_en="Carer")
    browser = as_user(world.fran)
    response = browser.post(
        URL, {**answers(statements, [1, -1, 0, 1]), "perspective": carer.pk, "consent": "yes"}, follow=True
    )
    assert "The response has been saved as an assisted response." in response.content.decode()
    participant = Participant.objects.get(is_assisted=True)
    assert participant.consented_at is not None
    assert participant.perspective == carer
    assert participant.user is None
    votes = Vote.objects.filter(participant=participant)
    assert sorted(votes.values_list("statement_id", "value")) == sorted(
        [(statements[0].pk, 1), (statements[1].pk, -1), (statements[2].pk, 0), (statements[3].pk, 1)]
    )
    assert all(votes.values_list("is_assisted", flat=True))
    assert VoteEvent.objects.filter(participant=participant, is_assisted=True).count() == 4
    audit = AuditEvent.objects.filter(action="participant.assisted_entry").get()
    assert audit.actor == world.fran

    # Counted in the analysis like anyone else's votes.
    assert Client().get(reverse("conversations:results", args=["outpatients"])).status_code == 200
    snapshot = AnalysisSnapshot.objects.latest()
    assert (snapshot.vote_count, snapshot.participant_count) == (4, 1)
    assert participant.pk in {p["id"] for p in snapshot.data["participants"]}


def test_consent_must_be_confirmed(conversation, world, as_user):
    statements = list(conversation.statements.all())
    for consent in ({}, {"consent": "no"}, {"consent": "on"}):
        response = as_user(world.fran).post(URL, {**answers(statements, [1, 1]), **consent})
        assert response.status_code == 200
        page = summary_and_fields(response)
        assert page.summary == [("#consent", "Confirm that the person agreed to the privacy notice")]
        assert page.beside["consent"] == "Confirm that the person agreed to the privacy notice"
        assert page.invalid == {"consent"}
    assert nothing_saved()


@pytest.mark.parametrize(
    "bad",
    [
        lambda s, p: {},  # no answer at all
        lambda s, p: {f"s{s[0].pk}": "1", f"s{s[1].pk}": "2"},
        lambda s, p: {f"s{s[0].pk}": "agree"},
        lambda s, p: {f"s{s[0].pk}": "1", "perspective": "999999"},
        lambda s, p: {f"s{s[0].pk}": "1", "perspective": "carer"},
    ],
    ids=["no answers", "value out of range", "not a number", "unknown perspective", "perspective not a number"],
)
def test_bad_input_saves_nothing(conversation, world, as_user, bad):
    statements = list(conversation.statements.all())
    response = as_user(world.fran).post(URL, {**bad(statements, None), "consent": "yes"})
    assert response.status_code == 200
    assert summary_and_fields(response).summary
    assert nothing_saved()


# --- The GOV.UK error pattern: a summary linking to each problem, the message beside it, the answers kept ---


@dataclass
class ErrorPage:
    title: str
    summary: list  # (link, message) in the error summary, in order
    beside: dict  # id of the field (or of the group's first radio) -> the error message shown beside it
    invalid: set  # names of the inputs marked aria-invalid
    checked: dict  # input name -> value of the checked radio or checkbox
    banner: bool  # a message banner (the old way) is shown


def summary_and_fields(response) -> ErrorPage:
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    summary_html = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    summary = []
    if summary_html:
        for item in re.findall(r"<li>(.*?)</li>", summary_html.group(0), re.S):
            link = re.match(r'<a href="([^"]*)">(.*)</a>$', item.strip(), re.S)
            summary.append((link.group(1), unescape(link.group(2))) if link else (None, unescape(item.strip())))
    beside = {
        key: unescape(message.strip())
        for key, message in re.findall(
            r'<p id="([\w-]+)-error" class="error-message"><span class="visually-hidden">Error:</span>(.*?)</p>',
            html,
            re.S,
        )
    }
    inputs = re.findall(r"<input [^>]*>", html)
    attr = lambda tag, name: m.group(1) if (m := re.search(rf'\b{name}="([^"]*)"', tag)) else None  # noqa: E731
    invalid = {attr(tag, "name") for tag in inputs if 'aria-invalid="true"' in tag}
    checked = {attr(tag, "name"): attr(tag, "value") for tag in inputs if re.search(r"\schecked\b", tag)}
    return ErrorPage(title, summary, beside, invalid, checked, 'class="notification' in html)


def test_errors_follow_the_gov_uk_pattern_and_nothing_typed_is_lost(conversation, world, as_user):
    statements = list(conversation.statements.all())
    carer = world.public.perspectives.get(name_en="Carer")
    sent = {
        f"s{statements[0].pk}": "1",
        f"s{statements[1].pk}": "9",
        f"s{statements[2].pk}": "-1",
        f"s{statements[3].pk}": "0",
        f"s{statements[4].pk}": "",
        "perspective": str(carer.pk),
    }
    response = as_user(world.fran).post(URL, sent)
    page = summary_and_fields(response)
    assert page.title.startswith("Error: Enter a response on someone’s behalf")
    # In the order of the page: the first invalid answer, then the consent box.
    assert page.summary == [
        (f"#s{statements[1].pk}-agree", "Choose one of the answers shown"),
        ("#consent", "Confirm that the person agreed to the privacy notice"),
    ]
    assert page.beside == {
        f"s{statements[1].pk}": "Choose one of the answers shown",
        "consent": "Confirm that the person agreed to the privacy notice",
    }
    # Each link leads to an input of the page.
    html = response.content.decode()
    for target, _message in page.summary:
        assert f'id="{target[1:]}"' in html
    assert page.invalid == {f"s{statements[1].pk}", "consent"}
    assert not page.banner
    # Everything the facilitator chose is still chosen; the answer that was not a choice is left unchosen.
    assert page.checked == {
        f"s{statements[0].pk}": "1",
        f"s{statements[2].pk}": "-1",
        f"s{statements[3].pk}": "0",
        **{f"s{s.pk}": "" for s in statements[4:]},
        "perspective": str(carer.pk),
    }
    assert nothing_saved()

    # Sent again as shown, with the answer corrected and consent given, it is saved.
    fixed = {**page.checked, f"s{statements[1].pk}": "-1", "consent": "yes"}
    assert as_user(world.fran).post(URL, fixed).status_code == 302
    votes = dict(Vote.objects.values_list("statement_id", "value"))
    assert votes == {statements[0].pk: 1, statements[1].pk: -1, statements[2].pk: -1, statements[3].pk: 0}
    assert Participant.objects.get(is_assisted=True).perspective == carer


def test_no_answers_links_to_the_first_statement_and_consent_is_kept(conversation, world, as_user):
    first = conversation.statements.first()
    page = summary_and_fields(as_user(world.fran).post(URL, {"consent": "yes"}))
    assert page.summary == [(f"#s{first.pk}-agree", "Enter at least one answer")]
    assert page.beside == {f"s{first.pk}": "Enter at least one answer"}
    assert page.checked["consent"] == "yes"
    assert page.checked["perspective"] == ""  # "Not given"
    assert nothing_saved()


def test_an_unknown_perspective_links_to_the_perspectives(conversation, world, as_user):
    statements = list(conversation.statements.all())
    response = as_user(world.fran).post(URL, {**answers(statements, [1]), "perspective": "999999", "consent": "yes"})
    page = summary_and_fields(response)
    assert page.summary == [("#perspective-none", "Choose one of the perspectives shown")]
    assert page.beside == {"perspective": "Choose one of the perspectives shown"}
    assert page.invalid == {"perspective"}
    assert page.checked == {f"s{statements[0].pk}": "1", **{f"s{s.pk}": "" for s in statements[1:]}, "consent": "yes"}
    assert nothing_saved()


def test_the_errors_in_welsh(conversation, world, as_user):
    browser = as_user(world.fran)
    browser.cookies["coproduce_language"] = "cy"
    page = summary_and_fields(browser.post(URL, {}))
    assert page.title.startswith("Gwall:")
    messages = [message for _link, message in page.summary]
    assert messages == ["Rhowch o leiaf un ateb", "Cadarnhewch fod y person wedi cytuno i’r hysbysiad preifatrwydd"]
    assert "Mae problem wedi codi" in browser.post(URL, {}).content.decode()
    assert nothing_saved()


def test_the_page_without_errors_has_no_error_state(conversation, world, as_user):
    response = as_user(world.fran).get(URL)
    page = summary_and_fields(response)
    assert (page.summary, page.beside, page.invalid) == ([], {}, set())
    assert not page.title.startswith("Error:")
    assert page.checked == {**{f"s{s.pk}": "" for s in conversation.statements.all()}, "perspective": ""}


def test_hidden_statements_are_not_offered_or_saved(conversation, world, as_user):
    hidden, shown = list(conversation.statements.all()[:2])
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    browser = as_user(world.alice)
    page = browser.get(URL).content.decode()
    assert f'name="s{shown.pk}"' in page
    assert f'name="s{hidden.pk}"' not in page
    browser.post(URL, {f"s{hidden.pk}": "1", f"s{shown.pk}": "-1", "consent": "yes"})
    assert list(Vote.objects.values_list("statement_id", "value")) == [(shown.pk, -1)]


@pytest.mark.parametrize("persona", ["sam", "mo", "erin", "pat"])
def test_only_managers(conversation, world, as_user, persona):
    statements = list(conversation.statements.all())
    response = as_user(getattr(world, persona)).post(URL, {**answers(statements, [1]), "consent": "yes"})
    assert response.status_code == 403
    assert nothing_saved()
