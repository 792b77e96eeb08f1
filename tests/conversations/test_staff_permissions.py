"""Only facilitators and organisation admins moderate, seed, watch the live view and enter assisted responses.

Cells: "ok" the page (200) or a redirect after a change that happened; "login" sent to sign in; 403 may see the
engagement but not manage it; 404 may not know it exists. Anything but "ok" changes nothing.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import ModerationDecision, Statement, Vote
from coproduce.engagements.models import Participant

from .conftest import add_statements, client_of

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]
EXPECTED = {
    # engagement: anon    pseudo   pat   sam   mo    erin  fran  alice olly
    "outpatients": ["login", "login", 403, 403, 403, 403, "ok", "ok", 403],
    "staff-wellbeing": ["login", "login", 403, 403, 403, 403, "ok", "ok", 404],
}
ACTIONS = ["moderate", "statements", "seed", "live", "live_htmx", "assisted", "assisted_post"]


def browser_for(world, persona: str) -> Client:
    if persona == "anon":
        return Client()
    if persona == "pseudo":
        return client_of(Participant.objects.create(engagement=world.public))
    c = Client()
    c.force_login(getattr(world, persona))
    return c


def request(browser, action, slug, statement):
    if action == "moderate":
        url = reverse("conversations_staff:moderate", args=[slug, statement.pk])
        return browser.post(url, {"action": "hide", "reason": "abusive"})
    if action == "statements":
        return browser.get(reverse("conversations_staff:statements", args=[slug]))
    if action == "seed":
        return browser.post(
            reverse("conversations_staff:statements", args=[slug]), {"form": "seed", "seed-text": "Seeded"}
        )
    if action == "live":
        return browser.get(reverse("conversations_staff:live", args=[slug]))
    if action == "live_htmx":
        return browser.get(reverse("conversations_staff:live", args=[slug]), HTTP_HX_REQUEST="true")
    if action == "assisted":
        return browser.get(reverse("conversations_staff:assisted", args=[slug]))
    if action == "assisted_post":
        return browser.post(
            reverse("conversations_staff:assisted", args=[slug]), {f"s{statement.pk}": "1", "consent": "yes"}
        )
    raise AssertionError(action)


def state(conversation):
    return (
        ModerationDecision.objects.count(),
        list(conversation.statements.values_list("text", "status")),
        Vote.objects.count(),
        Participant.objects.filter(is_assisted=True).count(),
    )


@pytest.mark.parametrize("slug", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_manage_the_conversation(world, slug, action, settings):
    settings.RATELIMIT_ENABLED = False
    conversation = conversation_of(world.public if slug == "outpatients" else world.private)
    statement = add_statements(conversation, ["A statement to moderate."])[0]
    got = {}
    for persona in PERSONAS:
        before = state(conversation)
        response = request(browser_for(world, persona), action, slug, statement)
        after = state(conversation)
        if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
            got[persona] = "login"
        elif response.status_code in (200, 302):
            got[persona] = "ok"
        else:
            got[persona] = response.status_code
        if got[persona] != "ok":
            assert after == before, f"{persona} changed something with {action}"
        elif action in ("moderate", "seed", "assisted_post"):
            assert after != before, f"{persona}'s {action} changed nothing"
            # Put things back so the next persona's write is seen too.
            ModerationDecision.objects.all().delete()
            Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.PUBLISHED)
            conversation.statements.filter(text="Seeded").delete()
            Participant.objects.filter(is_assisted=True).delete()
    assert got == dict(zip(PERSONAS, EXPECTED[slug]))


def test_a_statement_is_moderated_only_through_its_own_engagement(world, as_user):
    # fran facilitates both engagements, but a URL mixing one's slug with the other's statement is not a way in.
    private_statement = add_statements(conversation_of(world.private), ["A private statement."])[0]
    response = as_user(world.fran).post(
        reverse("conversations_staff:moderate", args=["outpatients", private_statement.pk]),
        {"action": "hide", "reason": "abusive"},
    )
    assert response.status_code == 404
    private_statement.refresh_from_db()
    assert private_statement.status == Statement.Status.PUBLISHED
    assert not ModerationDecision.objects.exists()
    # And olly, who manages nothing of "glas", cannot reach it through his own organisation's engagement either.
    olly_conversation = conversation_of(world.other_private)
    add_statements(olly_conversation, ["Olly's statement."])
    response = as_user(world.olly).post(
        reverse("conversations_staff:moderate", args=["other-private", private_statement.pk]),
        {"action": "hide", "reason": "abusive"},
    )
    assert response.status_code == 404
    assert not ModerationDecision.objects.exists()
