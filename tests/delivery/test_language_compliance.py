"""Issue 15: the Welsh-language compliance pages (engagements/compliance.py) list every item staff wrote in one
language only, grouped by kind, with a link to where it is fixed; an engagement offering one language is not missing
the other; the staff dashboard counts them; the pages cost the same queries however many items are missing."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.delivery.actions import do_add_update
from coproduce.engagements.compliance import gap_counts
from coproduce.engagements.models import Engagement
from coproduce.listening.actions import do_create_theme


def section(html: str, heading: str) -> str:
    """The table under a kind's heading."""
    start = html.index(f">{heading} (")
    return html[start : html.index("</table>", start)]


@pytest.fixture
def bilingual(delivery):
    """The delivery world with every staff text in both languages (the briefs too): each test adds the gaps it
    looks for."""
    for thing in delivery.things.values():
        for item, fields in (
            (thing.proposal, ("title", "summary")),
            (thing.decision, ("title", "decided_by", "reasons")),
            (thing.action, ("title", "owner")),
        ):
            for name in fields:
                setattr(item, f"{name}_cy", f"{getattr(item, f'{name}_en')} (cy)")
            item.save()
    Engagement.objects.update(brief_cy="Pam rydym yn gofyn.")
    return delivery


def test_the_page_lists_what_misses_a_language_with_a_link_to_fix_it(bilingual, as_user):
    world, thing = bilingual.world, bilingual.things["outpatients"]
    update = do_add_update(world.fran, thing.action, {"en": "Supplier chosen.", "cy": ""})
    theme = do_create_theme(world.fran, world.public, {"en": "", "cy": "Teithio"})
    html = as_user(world.fran).get(reverse("staff:language_compliance", args=["outpatients"])).content.decode()
    updates = section(html, "Progress updates")
    assert f'href="{reverse("delivery_staff:update_texts", args=["outpatients", update.pk])}"' in updates
    assert "Welsh missing" in updates and "English missing" not in updates
    themes = section(html, "Themes")
    assert f'href="{reverse("listening_staff:theme_edit", args=["outpatients", theme.pk])}"' in themes
    assert '<span lang="cy">Teithio</span>' in themes and "English missing" in themes
    # Everything else has both languages: no other kind is listed.
    assert re.findall(r'<h3 class="heading-s"[^>]*>([^<(]+) \(', html) == ["Themes", "Progress updates"]


def test_an_engagement_offering_english_only_is_not_missing_welsh(bilingual, as_user):
    world, thing = bilingual.world, bilingual.things["outpatients"]
    do_add_update(world.fran, thing.action, {"en": "Supplier chosen.", "cy": ""})
    assert gap_counts([world.public.pk])[world.public.pk] == {"en": 0, "cy": 1}
    Engagement.objects.filter(pk=world.public.pk).update(languages=Engagement.Languages.ENGLISH)
    assert gap_counts([world.public.pk]).get(world.public.pk, {"en": 0, "cy": 0}) == {"en": 0, "cy": 0}
    html = as_user(world.fran).get(reverse("staff:language_compliance", args=["outpatients"])).content.decode()
    assert "Nothing is missing" in html


def test_the_organisation_page_lists_every_engagement_and_the_dashboard_counts(bilingual, as_user):
    world = bilingual.world
    for engagement in (world.public, world.private):
        do_add_update(world.fran, bilingual.things[engagement.slug].action, {"en": "News.", "cy": ""})
    html = as_user(world.alice).get(reverse("staff:organisation_language_compliance", args=["glas"])).content
    updates = section(html.decode(), "Progress updates")
    assert "Ymgysylltiad outpatients" not in updates  # the page is in English: each engagement by its English title
    assert "Engagement outpatients" in updates and "Engagement staff-wellbeing" in updates
    assert "Engagement other-private" not in updates  # another organisation's
    dashboard = as_user(world.fran).get(reverse("staff:dashboard")).content.decode()
    url = reverse("staff:language_compliance", args=["outpatients"])
    assert re.search(
        rf'<a href="{url}">Engagement outpatients</a></td><td class="num">1</td><td class="num">0</td>', dashboard
    )


def test_the_pages_cost_the_same_queries_with_one_gap_or_many(bilingual, as_user):
    world, thing = bilingual.world, bilingual.things["outpatients"]
    client = as_user(world.fran)
    pages = [reverse("staff:language_compliance", args=["outpatients"]), reverse("staff:dashboard")]

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    do_add_update(world.fran, thing.action, {"en": "One.", "cy": ""})
    one = [queries(url) for url in pages]
    for n in range(5):
        do_add_update(world.fran, thing.action, {"en": f"More {n}.", "cy": ""})
        bilingual.action(title={"en": f"Another {n}", "cy": ""})
        do_create_theme(world.fran, world.public, {"en": f"Theme {n}", "cy": ""})
    html = client.get(pages[0]).content.decode()
    assert section(html, "Progress updates").count("Welsh missing") == 6
    assert [queries(url) for url in pages] == one
