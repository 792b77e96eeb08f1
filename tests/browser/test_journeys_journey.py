"""Acceptance (issue 18): a co-production self-assessment round, at phone size, in Chromium.

Alice (glas's admin) starts a round of the co-production framework for the whole organisation and makes three
links (two for staff, one for people who use services). Three people answer through them, anonymously, each once
(a link used again says it cannot be used). One staff answer and two from people who use services were already in,
so each perspective has three answers and its median can be shown. Alice closes the round: the results show that
staff and the people who use services see "starting from strengths" differently. She agrees a next step, which
becomes an action on the organisation's own actions board, and the journey view shows this round after the two
before it. Then the pages added since: the organisation's own framework edited in the browser (a name left empty in
both languages is refused) and the network's own actions board. JavaScript on in English and off in Welsh;
axe-core (WCAG 2.2 A/AA) finds nothing on the pages visited.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.delivery.models import Action
from coproduce.journeys import actions
from coproduce.journeys.models import Answer, Framework, Round
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.journeys.conftest import answer

pytestmark = pytest.mark.browser


@pytest.fixture
def story(transactional_db, world):
    actions.do_install_shipped_frameworks()
    framework = Framework.objects.get(slug="co-production")
    today = timezone.localdate()
    for months, title in ((18, "Spring 2025"), (9, "Winter 2025")):
        round_ = actions.do_start_round(
            world.alice,
            world.org,
            framework,
            title={"en": title, "cy": title},
            started_on=today - dt.timedelta(days=30 * months),
        )
        for level in (3, 3, 4):
            answer(round_, "staff", {"strengths": level, "networks": 2})
        actions.do_close_round(world.alice, round_)
    # glas's own small framework, and a network alice coordinates with a next step on its own board.
    from coproduce.journeys import frameworkjson
    from coproduce.networks.actions import do_create_network

    actions.do_import_framework(
        world.alice,
        world.org,
        frameworkjson.parse(
            '{"format": "coproduce-framework/1", "slug": "ours", "name": {"en": "Ours", "cy": "Ein un ni"},'
            ' "levels": ["Start", "Far"], "dimensions": [{"key": "asking", "name": {"en": "Asking", "cy": "Gofyn"}}]}'
        ),
    )
    network = do_create_network(world.alice, {"en": "Valleys network", "cy": "Rhwydwaith y cymoedd"})
    network_round = actions.do_start_round(world.alice, None, framework, title="Network", network=network)
    actions.do_close_round(world.alice, network_round)
    actions.do_add_next_step(
        world.alice,
        network_round,
        title={"en": "Share what works", "cy": "Rhannu beth sy’n gweithio"},
        owner={"en": "Coordinators", "cy": "Cydlynwyr"},
    )
    return framework


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_round_from_start_to_next_step(story, world, new_context, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    strengths = story.dimensions.get(key="strengths")

    staff = new_context(user=world.alice, language=language, javascript=javascript, viewport=PHONE, axe=javascript)
    page = staff.new_page()
    page.goto("/staff/organisations/glas/journeys/")
    check(page, f"journeys home, {run}")
    page.get_by_role("link", name=t("Start a round")).click()
    page.locator("[name=title_en]").fill("Autumn 2026")
    page.locator("[name=title_cy]").fill("Hydref 2026")
    page.get_by_role("radio", name="Cyd-gynhyrchu" if language == "cy" else "Co-production").check()
    check(page, f"start a round, {run}")
    submit(page, page.get_by_role("button", name=t("Start the round")))
    round_ = Round.objects.get(title_en="Autumn 2026")
    page.get_by_label(t("Links for staff")).fill("2")
    page.get_by_label(t("Links for people who use services")).fill("1")
    submit(page, page.get_by_role("button", name=t("Make the links")))
    expect(page.locator(".notification")).to_contain_text(
        t("The links are below. Copy them now: they are not shown again.")
    )
    links = page.locator("a.journey-link").all_inner_texts()
    assert len(links) == 3
    check(page, f"the links, {run}")

    # Answers already in: one from staff, two from people who use services.
    for perspective, level in (("staff", 4), ("people", 2), ("people", 1)):
        answer(round_, perspective, {"strengths": level})

    person = new_context(language=language, javascript=javascript, viewport=PHONE, axe=javascript).new_page()
    for i, (link, level) in enumerate(zip(links, (5, 5, 1))):
        person.goto(link)
        if i == 0:
            # A rating with nothing chosen: an error summary, nothing saved.
            submit(person, person.get_by_role("button", name=t("Send my answer")))
            expect(person.locator(".error-summary")).to_contain_text(t("Rate at least one of the practices or themes"))
            check(person, f"answer error, {run}")
            assert Answer.objects.filter(round=round_).count() == 3
        person.locator(f'input[name="d{strengths.pk}_level"][value="{level}"]').check()
        if i == 2:
            person.locator(f'[name="d{strengths.pk}_comment"]').fill("Nobody asked what I can bring.")
        submit(person, person.get_by_role("button", name=t("Send my answer")))
        expect(person.locator("h1")).to_have_text(t("Thank you"))
    check(person, f"thanks, {run}")
    person.goto(links[0])  # once only
    expect(person.locator("h1")).to_have_text(t("This link cannot be used"))
    assert Answer.objects.filter(round=round_).count() == 6

    page.reload()
    submit(page, page.get_by_role("button", name=t("Close the round")))
    expect(page.locator(".notification")).to_contain_text(t("The round is closed. The results are ready."))
    page.get_by_role("link", name=t("See the results")).click()
    main = page.locator("main")
    expect(main).to_contain_text(t("Where perspectives see it differently"))
    disagreement = page.locator("main ul.list").first
    strengths_name = strengths.name_cy if language == "cy" else strengths.name_en
    expect(disagreement).to_contain_text(strengths_name)
    expect(disagreement).to_contain_text(t("Staff"))
    expect(disagreement).to_contain_text(t("People who use services"))
    expect(main).to_contain_text("Nobody asked what I can bring.")
    check(page, f"results, {run}")
    screenshot(page, f"journeys-results-{run}")

    page.locator("[name=title_en]").fill("Ask what people bring before what they need")
    page.locator("[name=title_cy]").fill("Gofyn beth mae pobl yn ei gyfrannu cyn gofyn beth sydd ei angen")
    page.locator("[name=owner_en]").fill("Patient experience team")
    page.locator("[name=owner_cy]").fill("Tîm profiad cleifion")
    submit(page, page.get_by_role("button", name=t("Add the next step")))
    expect(page.locator(".notification")).to_contain_text(t("The next step is now an action on the delivery board."))
    action = Action.objects.get(title_en="Ask what people bring before what they need")
    assert action.organisation == world.org and action.engagement is None and action.decision is None
    page.get_by_role("link", name=t("The organisation’s own actions")).last.click()
    expect(page.locator("main")).to_contain_text(action.title_cy if language == "cy" else action.title_en)
    check(page, f"own actions, {run}")

    page.goto("/staff/organisations/glas/journeys/co-production/")
    headers = page.locator("#journey-caption + thead th, table thead th").all_inner_texts()
    assert [h for h in headers if h[:2] in ("1.", "2.", "3.")] == [
        "1. Spring 2025",
        "2. Winter 2025",
        "3. " + ("Hydref 2026" if language == "cy" else "Autumn 2026"),
    ]
    expect(page.locator("svg.chart").first).to_be_visible()
    check(page, f"journey, {run}")
    screenshot(page, f"journeys-journey-{run}")

    page.goto("/staff/organisations/glas/journeys/frameworks/ours/edit/")
    page.locator("[name=name_en]").fill("")
    page.locator("[name=name_cy]").fill("")
    submit(page, page.get_by_role("button", name=t("Save the framework")))
    expect(page.locator(".error-summary")).to_contain_text(t("Give it a name"))
    assert Framework.objects.get(slug="ours").name_en == "Ours"  # refused: nothing changed
    check(page, f"framework edit error, {run}")
    page.locator("[name=name_cy]").fill("Ein fframwaith ni")
    page.locator("[name=name_en]").fill("Ours")
    submit(page, page.get_by_role("button", name=t("Save the framework")))
    expect(page.locator(".notification")).to_contain_text(t("The framework has been saved."))
    assert Framework.objects.get(slug="ours").name_cy == "Ein fframwaith ni"

    page.goto("/staff/networks/valleys-network/own-actions/")
    expect(page.locator("main")).to_contain_text(
        "Rhannu beth sy’n gweithio" if language == "cy" else "Share what works"
    )
    check(page, f"network own actions, {run}")
