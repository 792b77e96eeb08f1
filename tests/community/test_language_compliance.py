"""Assets on the Welsh-language compliance pages (issue 17): the assets staff wrote in one language only, all of an
organisation's on its page, those an engagement draws on on the engagement's, each with the link that fixes it. A
person's own offer keeps the language they wrote it in (as anything participants write): never listed."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.community import actions
from coproduce.community.models import Asset
from tests.community.conftest import make_asset

HEADING = "Assets of the asset map"


def section(html: str) -> str:
    start = html.index(f">{HEADING} (")
    return html[start : html.index("</table>", start)]


def test_assets_missing_a_language_are_listed_with_where_to_fix_them(world, as_user):
    w = world
    english_only = make_asset(w.org, "Community garden")
    both = make_asset(w.org, "Riverside Park", name_cy="Parc Glan yr Afon")
    welsh_only = make_asset(w.org, "", name_cy="Neuadd y pentref")
    offered = actions.do_offer_strength(
        w.pat, w.org, {"name": "Bike repairs"}, {"kind": "skills", "postcode_district": "CF47", "holder_name": "Pat"}
    )
    make_asset(w.other_org, "Other Council Library")
    actions.do_set_engagement_assets(w.fran, w.public, [english_only, both])

    client = as_user(w.alice)
    html = client.get(reverse("staff:organisation_language_compliance", args=[w.org.slug])).content.decode()
    assets = section(html)
    for asset in (english_only, welsh_only):
        assert f'href="{reverse("community_staff:asset_edit", args=[asset.pk])}"' in assets
    assert "Welsh missing" in assets and "English missing" in assets and "The asset map" in assets
    for absent in ("Riverside Park", "Bike repairs", "Other Council Library"):
        assert absent not in assets, absent
    assert f"{HEADING} (2)" in html
    assert offered.status == Asset.Status.OFFERED

    # The engagement's page: the assets it draws on only.
    html = client.get(reverse("staff:language_compliance", args=[w.public.slug])).content.decode()
    assert f"{HEADING} (1)" in html and "Community garden" in section(html) and "Neuadd" not in html
    # An engagement offering English only is not missing the Welsh.
    w.public.languages = ["en"]
    w.public.save()
    html = client.get(reverse("staff:language_compliance", args=[w.public.slug])).content.decode()
    assert HEADING not in html


def test_the_organisation_page_costs_the_same_queries_however_many_assets_miss_a_language(world, as_user):
    w = world
    client = as_user(w.alice)
    url = reverse("staff:organisation_language_compliance", args=[w.org.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_asset(w.org, "One")
    before = queries()
    for i in range(10):
        make_asset(w.org, f"More {i}")
    assert queries() == before
