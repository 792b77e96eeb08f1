"""The API app's pages (API documentation, open data downloads, API keys): no axe violations in English and Welsh at
phone size, error states included; and they work without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import Page, check_page, page_problems

pytestmark = pytest.mark.browser

PAGES = [
    Page("api-docs", "/api/"),
    Page("open-data", "/engagements/outpatients/open-data/"),
    Page(
        "api-keys",
        "/staff/organisations/glas/api-keys/",
        user="alice",
        submit=True,
        form="main form:has(input[name=name])",
    ),
]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_no_axe_violations_on_the_api_pages(world, new_context, language):
    failures = []
    for spec in PAGES:
        context = new_context(language=language, user=getattr(world, spec.user) if spec.user else None, axe=True)
        page = context.new_page()
        failures += check_page(page, spec, language)
    # The page that shows a new key once.
    context = new_context(language=language, user=world.alice, axe=True)
    page = context.new_page()
    page.goto("/staff/organisations/glas/api-keys/")
    page.locator("input[name=name]").fill("Research dashboard")
    with page.expect_navigation():
        page.locator("main form:has(input[name=name]) [type=submit]").click()
    assert page.locator("#new-api-key").inner_text().startswith("cpk_")
    failures += page_problems(page, f"api-keys with a new key ({language})", f"a11y-api-keys-new-{language}")
    assert not failures, "\n\n".join(failures)


def test_keys_are_made_and_revoked_without_javascript(world, new_context):
    from coproduce.api.models import ApiKey

    page = new_context(user=world.alice, javascript=False).new_page()
    page.goto("/staff/")
    with page.expect_navigation():
        page.get_by_role("link", name="API keys and open data licence").click()
    page.locator("input[name=name]").fill("Kiosk")
    page.locator("input[name=scope][value=write]").check()
    with page.expect_navigation():
        page.locator("main form:has(input[name=name]) [type=submit]").click()
    key = ApiKey.objects.get(name="Kiosk")
    assert key.scope == "write" and page.locator("#new-api-key").inner_text().startswith(key.prefix)
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke Kiosk").click()
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert "Revoked on" in page.locator("main").inner_text()


def test_the_footer_leads_to_the_api_docs_and_the_engagement_to_its_open_data(world, new_context):
    page = new_context(javascript=False).new_page()
    page.goto("/")
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="API and open data").click()
    assert page.url.endswith("/api/")
    assert page.locator("a[href='/api/v1/openapi.json']").count() == 1
    page.goto("/engagements/outpatients/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Open data").click()
    assert page.url.endswith("/engagements/outpatients/open-data/")
    assert page.locator("a[href$='/open-data/open-data.zip']").count() == 1
