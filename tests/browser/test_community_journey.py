"""Acceptance (issue 17): a participant offers a strength and a facilitator publishes it; it appears in the list,
and on the map with JavaScript. At phone size (390×844), JavaScript on in English and off in Welsh; axe-core
(WCAG 2.2 A/AA) finds nothing on any page or state, and no page scrolls sideways.

pat offers "bike repairs" (first without ticking that they understand how the offer is used: an error summary, and
nothing saved), choosing a made-up name and that everyone may see it; fran finds it from the engagement page,
publishes it, then adds the Welsh (or English) and the coordinates of the venue where it happens; anyone then finds
it by searching the list, and with JavaScript the map draws it (its data carries it). The map's tiles are served by
a stand-in for the tile server: the page's Content-Security-Policy lets that one host's images in, nothing else.
"""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from coproduce.community.models import Asset
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit

pytestmark = pytest.mark.browser

# A 1×1 transparent PNG: every map tile, so that no test reaches the real tile server.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
NAMES = {"en": "Bike repairs and riding lessons", "cy": "Trwsio beiciau a gwersi reidio"}


def for_item(action: str, item: str) -> re.Pattern:
    """A link's accessible name "Edit: <item>" (the item in a visually hidden span, which Chromium reads with a
    space before the colon)."""
    return re.compile(rf"^{re.escape(action)} ?: {re.escape(item)}$")


def language_context(new_context, language, **kwargs):
    return new_context(language=language, viewport=PHONE, axe=True, **kwargs)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_participant_offers_a_strength_and_a_facilitator_publishes_it(
    world, new_context, settings, javascript, language
):
    settings.ASSET_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    t = Texts(language)
    other = "cy" if language == "en" else "en"
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    problems: list[str] = []

    def watch(page):
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.route("https://tiles.example.org/**", lambda route: route.fulfill(content_type="image/png", body=TILE))
        return page

    # pat offers their strength, from the list of community strengths.
    pat = watch(language_context(new_context, language, user=world.pat, javascript=javascript).new_page())
    pat.goto("/assets/")
    expect(pat.locator("html")).to_have_attribute("lang", language)
    expect(pat.get_by_role("heading", level=1)).to_have_text(t("Community strengths"))
    check(pat, f"asset list ({run})")
    with pat.expect_navigation():
        pat.get_by_role(
            "link", name=t("Offer a strength to %(organisation)s", organisation=getattr(world.org, f"name_{language}"))
        ).click()
    expect(pat.get_by_role("heading", level=1)).to_have_text(t("Offer a strength"))
    check(pat, f"offer ({run})")
    pat.get_by_label(t("What is your strength?")).fill(NAMES[language])
    pat.get_by_label(t("People’s skills and gifts")).check()
    pat.get_by_label(t("The name to show with it")).fill("Beic Bob")
    pat.get_by_label(t("Place (optional)")).fill("Pentre Glas")
    pat.get_by_label(t("Postcode district")).fill("cf48")
    pat.get_by_label(t("Everyone: it may be shown on the public asset map")).check()
    submit(pat, pat.get_by_role("button", name=t("Send my offer")))
    summary = pat.locator(".error-summary")
    expect(summary.get_by_role("link", name=t("Confirm that you understand how your offer is used"))).to_be_visible()
    assert not Asset.objects.exists()
    check(pat, f"offer with an error ({run})")
    pat.get_by_label(
        t(
            "I understand that a facilitator reads my offer before it is published, and that I can delete it "
            "with my data at any time"
        )
    ).check()
    submit(pat, pat.get_by_role("button", name=t("Send my offer")))
    expect(pat.get_by_role("heading", level=1)).to_have_text(t("The strengths you offered"))
    expect(pat.get_by_text(t("Offered, waiting for a facilitator"))).to_be_visible()
    check(pat, f"my offers ({run})")
    asset = Asset.objects.get()
    assert asset.status == Asset.Status.OFFERED and asset.holder_user == world.pat and asset.postcode_district == "CF48"
    assert getattr(asset, f"name_{language}") == NAMES[language] and getattr(asset, f"name_{other}") is None

    # Nobody else sees it yet.
    visitor = watch(language_context(new_context, language, javascript=javascript).new_page())
    visitor.goto(f"/assets/?q={NAMES[language].split()[0]}")
    expect(
        visitor.get_by_role("heading", level=2, name=t("No assets match. Try fewer words or another filter.")).or_(
            visitor.get_by_text(t("No assets match. Try fewer words or another filter."))
        )
    ).to_be_visible()

    # fran finds it from the engagement page, through its strengths, and publishes it.
    fran = watch(language_context(new_context, language, user=world.fran, javascript=javascript).new_page())
    fran.goto(world.public.get_absolute_url())
    with fran.expect_navigation():
        fran.get_by_role("link", name=t("Choose the strengths to draw on (staff)")).click()
    check(fran, f"strengths to draw on ({run})")
    with fran.expect_navigation():
        fran.get_by_role("link", name=t("Add an asset to the organisation’s map")).click()
    expect(fran.get_by_role("heading", level=1)).to_have_text(t("Asset map"))
    with fran.expect_navigation():
        fran.get_by_role("link", name=for_item(t("Publish or decline"), NAMES[language])).click()
    expect(fran.get_by_role("heading", level=1)).to_have_text(t("Publish or decline an offered strength"))
    check(fran, f"review ({run})")
    fran.get_by_label(t("Publish it")).check()
    fran.get_by_label(t("Everyone"), exact=True).check()
    submit(fran, fran.get_by_role("button", name=t("Save the decision")))
    expect(fran.get_by_text(t("The strength has been published."))).to_be_visible()
    assert Asset.objects.get().status == Asset.Status.PUBLISHED

    # She adds the other language and the coordinates of the venue where the repairs happen.
    with fran.expect_navigation():
        fran.get_by_role("link", name=for_item(t("Edit"), NAMES[language])).click()
    fran.get_by_label(f"{'Cymraeg' if other == 'cy' else 'English'}: {t('Name')}").fill(NAMES[other])
    fran.get_by_label(t("Latitude (optional)")).fill("51.74570")
    fran.get_by_label(t("Longitude (optional)")).fill("-3.38630")
    check(fran, f"edit ({run})")
    submit(fran, fran.get_by_role("button", name=t("Save the asset")))
    expect(fran.get_by_text(t("The asset has been saved."))).to_be_visible()
    asset.refresh_from_db()
    assert (asset.name_en, asset.name_cy) == (NAMES["en"], NAMES["cy"]) and asset.latitude is not None

    # Anyone finds it in the list; with JavaScript, the map shows it too.
    visitor.goto(f"/assets/?q={NAMES[language].split()[0]}")
    expect(visitor.get_by_role("link", name=NAMES[language])).to_be_visible()
    expect(visitor.get_by_text(t("Offered by %(name)s", name="Beic Bob"))).to_be_visible()
    box = visitor.locator("#asset-map")
    if javascript:
        expect(box).to_be_visible()
        expect(box).to_have_class(re.compile("asset-map--ready"))
        expect(box.locator(".leaflet-overlay-pane canvas")).to_have_count(1)
        names = visitor.evaluate(
            "url => fetch(url).then(r => r.json()).then(d => d.points.map(p => p[4]))",
            box.get_attribute("data-points"),
        )
        assert names == [NAMES[language]]
        # The map opens the asset's popup where it is drawn: the middle of the map, as the only point.
        size = box.bounding_box()
        box.click(position={"x": size["width"] / 2, "y": size["height"] / 2})
        expect(visitor.locator(".leaflet-popup-content").get_by_role("link", name=NAMES[language])).to_be_visible()
    else:
        expect(box).to_be_hidden()
    check(visitor, f"asset list with the new strength ({run})")
    screenshot(visitor, f"community-{run}-list-390x844")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=NAMES[language]).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NAMES[language])
    check(visitor, f"asset page ({run})")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
