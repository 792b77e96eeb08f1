"""Every page of the app renders for the people who may see it (a first, broad check; details are in other files)."""

from __future__ import annotations

from django.urls import reverse

from coproduce.proposals.models import Proposal


def test_pages_render(codesign, client):
    world = codesign.world
    p1 = codesign.proposal(status=Proposal.Status.SHORTLISTED)
    codesign.proposal(status=Proposal.Status.SHORTLISTED, title="Evening clinics")
    open_one = codesign.proposal(title="Parking")
    client.force_login(world.fran)
    slug = world.public.slug
    for name, args in [
        ("proposals:list", [slug]),
        ("proposals:write", [slug]),
        ("proposals:detail", [slug, p1.pk]),
        ("proposals:history", [slug, p1.pk]),
        ("proposals:moderation_log", [slug]),
        ("proposals:priorities", [slug]),
        ("proposals:decisions", [slug]),
        ("proposals:amend", [slug, open_one.pk]),
        ("proposals_staff:proposals", [slug]),
        ("proposals_staff:decision_new", [slug]),
        ("engagements:detail", [slug]),
        ("conversations:statement", [slug, codesign.statements[slug][0].pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
    participant = codesign.participant()
    browser = codesign.browser(participant)
    for name in ("proposals:prioritise", "proposals:suggest", "proposals:write"):
        response = browser.get(reverse(name, args=[slug]))
        assert response.status_code == 200, name
