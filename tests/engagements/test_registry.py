"""The registry through which the apps above engagements add links and sections to lower apps' pages: an entry a
new app adds shows where, when and to whom it says, in order, and costs the page no query of its own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy

from coproduce.engagements import registry
from coproduce.engagements.models import Feature, Membership, Role
from coproduce.engagements.registry import (
    ENGAGEMENT,
    RESULTS,
    TAKE_PART,
    EngagementLink,
    OrganisationLink,
    RoleLink,
    Section,
    admins_only,
)


def add(monkeypatch, name: str, *entries) -> None:
    """Add entries to one of the registry's lists for this test only, in order of position as add_* keeps them."""
    monkeypatch.setattr(registry, name, sorted([*getattr(registry, name), *entries], key=lambda e: e.position))


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_a_results_link_shows_in_its_place_and_order_when_its_predicate_says_so(world, client, monkeypatch):
    url = world.public.get_absolute_url()
    client.get(url)  # warm up: the session, the content types
    before, page = queries(client, url)
    assert "Moderation log</a> · <a" in page  # the listen phase votes: the results line shows
    seen = []

    def during_voting(page) -> bool:
        seen.append(page.features)
        return Feature.VOTING in page.features

    add(
        monkeypatch,
        "engagement_links",
        EngagementLink(RESULTS, 15, "conversations:my_votes", gettext_lazy("Made-up link"), during_voting),
        EngagementLink(RESULTS, 16, "conversations:write", gettext_lazy("Never shown"), lambda page: False),
    )
    after, page = queries(client, url)
    my_votes = reverse("conversations:my_votes", args=[world.public.slug])
    assert f'agree</a> · <a href="{my_votes}">Made-up link</a> · <a href="/engagements/outpatients/moder' in page
    assert "Never shown" not in page
    assert seen and Feature.VOTING in seen[0]
    assert after == before  # the predicates decide from what the page has read


def test_a_take_part_link_shows_to_participants_and_is_where_joining_leads(world, client, monkeypatch):
    add(
        monkeypatch,
        "engagement_links",
        EngagementLink(TAKE_PART, 5, "conversations:my_votes", gettext_lazy("Made-up first step")),
    )
    url = world.public.get_absolute_url()
    assert "Made-up first step" not in client.get(url).content.decode()  # not taking part yet
    response = client.post(reverse("engagements:take_part", args=[world.public.slug]), {"consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:my_votes", args=[world.public.slug])
    page = client.get(url).content.decode()
    assert page.index("Made-up first step") < page.index("Carry on voting")


def test_a_section_renders_its_template_with_its_context_and_none_shows_nothing(world, client, monkeypatch):
    given = []

    def context(page):
        given.append(page)
        return {"themes": [{"name": "Made-up theme"}], "published": False}

    add(
        monkeypatch,
        "sections",
        Section(ENGAGEMENT, 15, "listening/_statement_themes.html", lambda page: None),
        Section(ENGAGEMENT, 25, "listening/_statement_themes.html", context),
    )
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert [page.engagement for page in given] == [world.public]
    assert page.count("Themes from one-to-one listening:") == 1
    assert '<span class="tag">Made-up theme</span>' in page


@pytest.mark.parametrize(("persona", "shown"), [("alice", True), ("fiona", False)])
def test_an_organisation_link_for_admins_shows_to_admins_only(world, client, monkeypatch, persona, shown):
    fiona = type(world.fran).objects.create_user("fiona@example.org", "a-long-test-password", display_name="Fiona")
    Membership.objects.create(user=fiona, organisation=world.org, role=Role.FACILITATOR)  # manages, does not admin
    world.fiona = fiona
    add(
        monkeypatch,
        "organisation_links",
        OrganisationLink(25, "staff:organisation_members", gettext_lazy("Made-up admin link"), admins_only),
        OrganisationLink(26, "staff:engagement_create", gettext_lazy("Made-up link for managers")),
    )
    client.force_login(getattr(world, persona))
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert "Made-up link for managers" in page
    assert ("Made-up admin link" in page) is shown
    assert ("API keys and open data licence" in page) is shown
    assert page.index("Import a Polis conversation") < page.index("Made-up link for managers")


def test_role_links_show_beside_the_roles_they_name(world, client, monkeypatch):
    add(
        monkeypatch,
        "role_links",
        RoleLink(30, frozenset({str(Role.EXPERT)}), "proposals:list", gettext_lazy("Made-up expert link")),
    )
    for persona, expected in (("erin", ["Made-up expert link"]), ("mo", ["One-to-one conversations", "Mentor space"])):
        client.force_login(getattr(world, persona))
        page = client.get(reverse("staff:dashboard")).content.decode()
        for label in ["Made-up expert link", "One-to-one conversations", "Mentor space"]:
            # one link per engagement the role is held in (public, private, link-only)
            assert page.count(f">{label}<span") == (3 if label in expected else 0), (persona, label)
