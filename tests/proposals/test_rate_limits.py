"""Writes of the proposals app are rate limited: past the limit, 429 with Retry-After and nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.proposals.models import Comment, Proposal


def test_comments_are_limited_per_browser(codesign):
    world = codesign.world
    proposal = codesign.proposal()
    browser = codesign.browser(codesign.participant())
    url = reverse("proposals:comment", args=[world.public.slug, proposal.pk])
    statuses = [browser.post(url, {"text": f"Comment {n}"}).status_code for n in range(20)]
    assert statuses == [302] * 20
    response = browser.post(url, {"text": "One too many"})
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert Comment.objects.count() == 20
    # Another participant is not held back.
    assert codesign.browser(codesign.participant()).post(url, {"text": "Mine"}).status_code == 302


@pytest.mark.parametrize(("name", "limit"), [("proposals:write", 10), ("proposals:suggest", 10)])
def test_proposals_and_suggestions_are_limited(codesign, name, limit):
    world = codesign.world
    statement = codesign.statements[world.public.slug][0]
    browser = codesign.browser(codesign.participant())
    url = reverse(name, args=[world.public.slug])
    data = {"summary": "S.", "statements": [str(statement.pk)]}
    for n in range(limit):
        assert browser.post(url, {**data, "title": f"Idea {n}"}).status_code == 302
    before = Proposal.objects.count()
    assert browser.post(url, {**data, "title": "One too many"}).status_code == 429
    assert Proposal.objects.count() == before
