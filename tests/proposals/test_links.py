"""The new pages are reachable: the engagement page links to them while their features are on, and not before."""

from __future__ import annotations

from django.urls import reverse

from tests.proposals.conftest import close_phase


def test_engagement_page_links_follow_the_phase(codesign, client):
    world = codesign.world
    url = world.public.get_absolute_url()
    page = client.get(url).content.decode()
    for name in ("proposals:list", "proposals:prioritise", "proposals:priorities", "proposals:decisions"):
        assert reverse(name, args=[world.public.slug]) in page, name
    close_phase(codesign.phases[world.public.slug])
    page = client.get(url).content.decode()
    assert reverse("proposals:prioritise", args=[world.public.slug]) not in page
    assert reverse("proposals:list", args=[world.public.slug]) not in page


def test_decisions_stay_linked_after_the_phase_closes(codesign, client):
    from coproduce.proposals.actions import do_record_decision

    world = codesign.world
    do_record_decision(
        world.fran,
        world.public,
        title="Done",
        decided_by="Board",
        decided_on="2026-11-20",
        reasons="Why",
        not_done="",
        proposals=[],
    )
    close_phase(codesign.phases[world.public.slug])
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert reverse("proposals:decisions", args=[world.public.slug]) in page


def test_staff_pages_link_to_proposals_and_decisions(codesign, client):
    world = codesign.world
    client.force_login(world.fran)
    page = client.get(reverse("staff:engagement", args=[world.public.slug])).content.decode()
    assert reverse("proposals_staff:proposals", args=[world.public.slug]) in page
    assert reverse("proposals_staff:decision_new", args=[world.public.slug]) in page
    page = client.get(reverse("proposals_staff:proposals", args=[world.public.slug])).content.decode()
    assert reverse("proposals_staff:prioritisation", args=[world.public.slug]) in page
