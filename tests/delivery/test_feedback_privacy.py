"""Issue 16: the feedback form says truthfully who reads a comment, and the pages do what it says.

The form says a comment is not published and that only the engagement's facilitators and the organisation's admins
read it. Each persona looks at the action's page (and the public report and feed): the comment shows to exactly
those whose role is facilitator or organisation admin, to nobody else, and on no public page.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.engagements.models import Role
from coproduce.engagements.rules import roles_in_engagement
from tests.delivery.test_feedback import deliver

pytestmark = pytest.mark.django_db

COMMENT = "The texts come at 3am SECRET-FEEDBACK-WORDS"
SAID = (
    "Your comment is not published. Only the engagement’s facilitators and the organisation’s admins read it. "
    "Please do not include your name or health details."
)
READERS = {Role.FACILITATOR, Role.ORG_ADMIN}  # what SAID names


def test_the_form_says_who_reads_comments_and_only_they_do(delivery):
    world = delivery.world
    action = deliver(delivery)
    author = delivery.things["outpatients"].author
    browser = delivery.browser(author)
    page = browser.get(reverse("delivery:action", args=["outpatients", action.pk])).content.decode()
    assert SAID in page.replace("&#x27;", "'")
    feedback = reverse("delivery:feedback", args=["outpatients", action.pk])
    assert browser.post(feedback, {"rating": "2", "comment": COMMENT}).status_code == 302

    for name in ("anon", "pat", "sam", "mo", "erin", "fran", "alice", "olly"):
        client = Client()
        if name != "anon":
            client.force_login(getattr(world, name))
        user = getattr(world, name, None)
        may_read = user is not None and bool(roles_in_engagement(user, world.public) & READERS)
        shown = COMMENT in client.get(reverse("delivery:action", args=["outpatients", action.pk])).content.decode()
        assert shown == may_read, f"{name}: comment {'shown' if shown else 'not shown'}, the form says otherwise"
        for public in (
            reverse("delivery:report", args=["outpatients"]),
            reverse("delivery:feed", args=["outpatients"]),
        ):
            assert COMMENT not in client.get(public).content.decode(), f"{public} publishes the comment to {name}"
