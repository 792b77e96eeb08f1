"""Issue 16: the grouped staff navigation works on a phone: at 390 px no staff page scrolls sideways, the current
page is marked, and axe-core (WCAG 2.2 A/AA) finds nothing. JavaScript on in English and off in Welsh."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import PHONE
from tests.browser.test_conversation_journey import Checker, Texts

pytestmark = pytest.mark.browser

PAGES = [
    "/staff/",
    "/staff/engagements/outpatients/",
    "/staff/engagements/outpatients/listening/",
    "/staff/engagements/outpatients/proposals/new/",
    "/staff/engagements/outpatients/actions/",
    "/staff/organisations/glas/members/",
]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_staff_navigation_fits_a_phone(transactional_db, world, new_context, javascript, language):
    t = Texts(language)
    check = Checker(new_context, javascript)
    page = new_context(language=language, user=world.alice, javascript=javascript, viewport=PHONE, axe=javascript)
    page = page.new_page()
    for path in PAGES:
        page.goto(path)
        nav = page.get_by_role("navigation", name=t("Staff area"))
        expect(nav).to_be_visible()
        expect(nav.locator('[aria-current="page"]')).to_have_count(1)
        check(page, f"{path} ({language})")
    nav = page.get_by_role("navigation", name=t("Staff area"))
    expect(nav.get_by_role("heading", name=t("Organisation"))).to_be_visible()


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_platform_admin_creates_an_organisation_on_a_phone(
    transactional_db, world, new_context, django_user_model, javascript, language
):
    t = Texts(language)
    check = Checker(new_context, javascript)
    root = django_user_model.objects.create_superuser("root@example.org", "a-long-test-password")
    page = new_context(language=language, user=root, javascript=javascript, viewport=PHONE, axe=javascript).new_page()
    page.goto("/staff/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Create an organisation")).click()
    check(page, f"create an organisation ({language})")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Create the organisation")).click()
    expect(page.locator(".error-summary")).to_contain_text(t("Enter a short name for web addresses"))
    check(page, f"create an organisation, errors ({language})")
    page.locator('input[name="name_en"]').fill("Bryn Council")
    page.locator('input[name="name_cy"]').fill("Cyngor Bryn")
    page.get_by_label(t("Short name for web addresses")).fill("bryn")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Create the organisation")).click()
    expect(page.locator(".notification")).to_contain_text(t("Organisation created. Now add its first admin."))
    check(page, f"the new organisation's members ({language})")
