"""Acceptance: home → engagement → "Cymraeg" → the Welsh page → reload → still Welsh. With and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.support import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser

TITLE_EN = "Outpatient appointments"
TITLE_CY = "Apwyntiadau cleifion allanol"
QUESTION_CY = "Beth sy’n bwysig i chi am apwyntiadau cleifion allanol?"
# Interface strings from the Welsh catalogue (locale/cy/LC_MESSAGES/django.po).
HOW_TO_TAKE_PART_CY = "Sut i gymryd rhan"  # "How to take part"
BOUNDARIES_CY = "Ffiniau: beth all newid a beth na all newid"  # "Boundaries: what can and cannot change"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switch_to_welsh_and_stay_in_welsh(committed_demo, new_context, javascript):
    context = new_context(javascript=javascript, viewport=PHONE)
    page = context.new_page()
    name = "js" if javascript else "no-js"

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name=TITLE_EN).click()
    page.wait_for_url("**/engagements/outpatient-appointments/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_EN

    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url("**/engagements/outpatient-appointments/")
    page.wait_for_selector("html[lang=cy]")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_CY
    assert QUESTION_CY in page.locator(".question").inner_text()
    assert page.get_by_role("heading", name=HOW_TO_TAKE_PART_CY).is_visible()
    assert page.get_by_role("heading", name=BOUNDARIES_CY).is_visible()
    # The switch now offers the way back, in English.
    assert page.get_by_role("button", name="English").is_visible()
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get("coproduce_language") == "cy"
    screenshot(page, f"language-journey-{name}-welsh-390x844")

    page.reload()
    page.wait_for_selector("html[lang=cy]")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_CY
    assert page.get_by_role("heading", name=HOW_TO_TAKE_PART_CY).is_visible()
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"language-journey-{name}-welsh-1280x800")

    # Home is Welsh too, and the engagement card shows the Welsh title.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_role("link", name=TITLE_CY).is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("link", name=TITLE_EN).is_visible()
