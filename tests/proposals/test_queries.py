"""No N+1: list pages make the same number of queries whatever the number of rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.proposals.actions import do_record_decision
from coproduce.proposals.models import Comment, PairwiseChoice, Proposal


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(codesign, n: int) -> None:
    world = codesign.world
    for i in range(n):
        proposal = codesign.proposal(title=f"Idea {i}", status=Proposal.Status.SHORTLISTED)
        top = Comment.objects.create(proposal=proposal, text=f"Comment {i}")
        Comment.objects.create(proposal=proposal, parent=top, text=f"Reply {i}")
        someone = codesign.participant()
        first = Proposal.objects.filter(engagement=world.public).order_by("pk").first()
        if first.pk != proposal.pk:
            PairwiseChoice.objects.create(
                engagement=world.public,
                participant=someone,
                option_a=first,
                option_b=proposal,
                chosen=proposal,
                nonce=str(i),
            )
        do_record_decision(
            world.fran,
            world.public,
            title=f"Decision {i}",
            decided_by="Board",
            decided_on="2026-11-20",
            reasons="Why",
            not_done="",
            proposals=[proposal],
        )
        Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SHORTLISTED)


def test_list_pages_do_not_grow_with_rows(codesign, client):
    world = codesign.world
    slug = world.public.slug
    statement = codesign.statements[slug][0]
    urls = [
        reverse("proposals:list", args=[slug]),
        reverse("proposals:decisions", args=[slug]),
        reverse("proposals:priorities", args=[slug]),
        reverse("proposals:moderation_log", args=[slug]),
        reverse("conversations:statement", args=[slug, statement.pk]),
    ]
    grow(codesign, 3)
    client.force_login(world.fran)
    few = {url: queries(client, url) for url in urls + [reverse("proposals_staff:proposals", args=[slug])]}
    grow(codesign, 6)
    many = {url: queries(client, url) for url in few}
    assert many == few


def test_proposal_page_does_not_grow_with_comments(codesign, client):
    proposal = codesign.proposal()
    for i in range(2):
        top = Comment.objects.create(proposal=proposal, text=f"c{i}")
        Comment.objects.create(proposal=proposal, parent=top, text=f"r{i}")
    queries(client, proposal.get_absolute_url())  # warm the per-process caches, so both counts are of a warm page
    few = queries(client, proposal.get_absolute_url())
    for i in range(10):
        top = Comment.objects.create(proposal=proposal, text=f"more {i}")
        Comment.objects.create(proposal=proposal, parent=top, text=f"reply {i}")
    assert queries(client, proposal.get_absolute_url()) == few
