"""Acceptance (issue 17): a spokesperson signposts a person from a one-to-one conversation and later records the
outcome; a network coordinator adds an organisation to a network that sits inside another network, and that
organisation's admin accepts. At phone size (390×844), JavaScript on in English and off in Welsh; axe-core (WCAG
2.2 A/AA) finds nothing on any page or state, and no page scrolls sideways. (A participant offering a strength and
a facilitator publishing it: test_community_journey.py.)

Signposting: sam opens the conversation he held with Pat, signposts Pat to the valley's walking group (a strength
of the asset map), first forgetting to confirm Pat agreed (an error summary, nothing saved), then with consent;
later, from the engagement's signposting page, he opens the record and says it helped.

Networks: "north" (coordinated by nia) is a member of "wales". nia first tries to invite "wales" into "north"
(refused: a network cannot contain itself), then invites the Other Council; nothing changes on the network pages
until olly, the council's admin, accepts on his organisation's networks page. The council is then a member of
"wales" through "north".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coproduce.community.models import Asset
from coproduce.networks.models import NetworkMember
from coproduce.signposting.models import Signposting
from tests.browser.support import PHONE, SCREENSHOT_ALL, screenshot
from tests.browser.test_community_journey import for_item
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.community.conftest import make_asset
from tests.listening.conftest import listening  # noqa: F401 - the fixture, reused
from tests.networks.conftest import networks  # noqa: F401 - the fixture, reused
from tests.signposting.conftest import directory  # noqa: F401 - the fixture, reused

pytestmark = pytest.mark.browser


def context(new_context, language, javascript, user=None):
    return new_context(language=language, viewport=PHONE, axe=True, user=user, javascript=javascript)


def watch(page, problems: list[str]):
    """Console errors, less the one a form with errors causes on purpose (its page answers 400)."""
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "status of 400" not in m.text else None,
    )
    return page


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_spokesperson_signposts_from_a_one_to_one_and_records_the_outcome(
    directory,  # noqa: F811 - the fixture imported above
    new_context,
    javascript,
    language,
):
    w = directory
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    problems: list[str] = []
    group = make_asset(
        w.org,
        "Valley walking group",
        name_cy="Grŵp cerdded y cwm",
        kind=Asset.Kind.ASSOCIATIONS,
        postcode_district="CF47",
    )
    conversation = w.conversations["public"]

    sam = watch(context(new_context, language, javascript, user=w.sam).new_page(), problems)
    # The live server's first answer in a session can take longer than the default on a busy machine.
    sam.goto(f"/staff/engagements/{w.public.slug}/listening/{conversation.pk}/", timeout=30_000)
    expect(sam.locator("html")).to_have_attribute("lang", language)
    with sam.expect_navigation():
        sam.get_by_role("link", name=t("Signpost this person to a service or a strength")).click()
    expect(sam.get_by_role("heading", level=2, name=t("Signpost to a service or a strength"))).to_be_visible()
    check(sam, f"signpost ({run})")

    # To the walking group, but without confirming that Pat agreed: refused, nothing saved.
    sam.get_by_label(t("Or a strength of the asset map")).select_option(str(group.pk))
    sam.get_by_label(t("Only the person who signposted me")).check()
    submit(sam, sam.get_by_role("button", name=t("Signpost")))
    summary = sam.locator(".error-summary")
    expect(
        summary.get_by_role("link", name=t("Signpost only with the person’s consent: confirm they agreed"))
    ).to_be_visible()
    assert not Signposting.objects.exists()
    check(sam, f"signpost with an error ({run})")
    if SCREENSHOT_ALL:
        screenshot(sam, f"signposting-{run}-form-error-390x844")

    sam.get_by_label(t("The person agreed to be signposted there, and to this record being kept")).check()
    submit(sam, sam.get_by_role("button", name=t("Signpost")))
    expect(sam.get_by_text(t("Signposted. Record the outcome here when you know it."))).to_be_visible()
    expect(sam.get_by_role("link", name=group.name_cy if language == "cy" else group.name_en)).to_be_visible()
    record = Signposting.objects.get()
    assert (record.asset, record.service, record.author, record.outcome) == (group, None, w.sam, "awaited")
    check(sam, f"signposting record ({run})")

    # Later: from the engagement's signposting page, the record, and what came of it.
    sam.goto(f"/staff/engagements/{w.public.slug}/signposting/")
    check(sam, f"signposting overview ({run})")
    with sam.expect_navigation():
        sam.get_by_role("link", name=group.name_cy if language == "cy" else group.name_en).click()
    sam.get_by_label(t("Helped"), exact=True).check()
    submit(sam, sam.get_by_role("button", name=t("Save the outcome")))
    expect(sam.get_by_text(t("The outcome has been recorded."))).to_be_visible()
    expect(sam.locator("#outcome")).to_contain_text(t("Helped"))
    record.refresh_from_db()
    assert record.outcome == "helped" and record.outcome_recorded_at is not None
    check(sam, f"outcome recorded ({run})")
    if SCREENSHOT_ALL:
        screenshot(sam, f"signposting-{run}-outcome-390x844")
    assert problems == []


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_coordinator_adds_an_organisation_to_a_network_inside_another_and_its_admin_accepts(
    networks,  # noqa: F811 - the fixture imported above
    new_context,
    javascript,
    language,
):
    w = networks
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    problems: list[str] = []
    council = getattr(w.other_org, f"name_{language}")
    north_name = getattr(w.north, f"name_{language}")

    nia = watch(context(new_context, language, javascript, user=w.nia).new_page(), problems)
    nia.goto(w.north.get_absolute_url())
    expect(nia.get_by_text(t("Part of:"))).to_be_visible()
    with nia.expect_navigation():
        nia.get_by_role("link", name=t("Manage the network"), exact=True).click()
    expect(nia.get_by_role("heading", level=1)).to_have_text(t("Manage the network"))
    check(nia, f"manage the network ({run})")

    # The network it sits in cannot become its member: refused with a message, nothing saved.
    nia.get_by_label(t("Network"), exact=True).select_option(str(w.wales.pk))
    submit(nia, nia.get_by_role("button", name=t("Invite the network")))
    expect(nia.locator(".error-summary")).to_contain_text(
        t(
            "A network cannot contain itself, directly or through other networks. This would close the chain %(chain)s.",
            chain="",
        )
        .rstrip(".")
        .strip()
    )
    assert not NetworkMember.objects.filter(network=w.north, member_network=w.wales).exists()
    check(nia, f"a network cannot contain itself ({run})")
    if SCREENSHOT_ALL:
        screenshot(nia, f"network-{run}-cycle-refused-390x844")

    nia.get_by_label(t("Organisation"), exact=True).select_option(str(w.other_org.pk))
    submit(nia, nia.get_by_role("button", name=t("Invite the organisation")))
    expect(
        nia.get_by_text(t("The organisation has been invited. It joins when one of its admins accepts."))
    ).to_be_visible()
    member = NetworkMember.objects.get(network=w.north, organisation=w.other_org)
    assert member.status == NetworkMember.Status.INVITED
    check(nia, f"invited ({run})")

    # Not a member until its admin accepts: the page of the network above does not list it.
    visitor = watch(context(new_context, language, javascript).new_page(), problems)
    visitor.goto(w.wales.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(getattr(w.wales, f"name_{language}"))
    expect(visitor.get_by_text(council, exact=True)).to_have_count(0)

    olly = watch(context(new_context, language, javascript, user=w.olly).new_page(), problems)
    olly.goto(f"/staff/organisations/{w.other_org.slug}/networks/")
    expect(olly.get_by_role("heading", level=1)).to_have_text(t("Networks"))
    check(olly, f"the organisation's networks ({run})")
    submit(olly, olly.get_by_role("button", name=for_item(t("Accept the invitation"), north_name)))
    member.refresh_from_db()
    assert member.status == NetworkMember.Status.ACTIVE
    check(olly, f"accepted ({run})")

    # Now a member of north, and of wales through north.
    visitor.goto(w.wales.get_absolute_url())
    through = visitor.locator("section", has=visitor.get_by_role("heading", level=2, name=t("Members")))
    expect(through.get_by_text(council, exact=True)).to_be_visible()
    check(visitor, f"the network above ({run})")
    if SCREENSHOT_ALL:
        screenshot(visitor, f"network-{run}-page-390x844")
    assert problems == []
