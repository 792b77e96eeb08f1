"""Issue 16: one grouped staff navigation, the same on every staff page, with the current page marked.

The crawl asks every URL name of the staff areas (each app's `*_staff` namespace, `staff` and the translation
queue) as alice, the organisation admin, who may open all of them: every engagement page carries the same
navigation (the same links, in the same groups, whatever app the page belongs to, listening's pages too), with one
link marked as the current page; every organisation page carries the organisation's part of it. A URL name that
answers GET with 405 is a form's POST target, not a page. A new staff page the crawl cannot open fails it until
it is given an object below.
"""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver, reverse

from coproduce.delivery.actions import do_add_update
from coproduce.delivery.models import Iteration
from coproduce.engagements.models import Membership, Role
from coproduce.proposals.actions import do_give_expert_input
from tests.delivery.conftest import delivery  # noqa: F401 - the fixture this crawl builds on
from tests.listening.conftest import make_challenge, make_conversation
from tests.proposals.conftest import codesign  # noqa: F401 - the fixture delivery builds on

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = (
    "staff",
    "conversations_staff",
    "statement_translations",
    "listening_staff",
    "proposals_staff",
    "delivery_staff",
    "api_staff",
)
# Pages only a platform admin opens: crawled as one.
PLATFORM_PAGES = {"staff:organisation_create"}
# Not pages with the navigation, and why.
WITHOUT_NAVIGATION = {
    "conversations_staff:live": "the projector screen: the whole screen is for the room",
    "conversations_staff:import_polis_progress": "JSON for the import page's status line, not a page",
}
NAV = re.compile(r'<nav class="staff-nav".*?</nav>', re.S)
CURRENT = re.compile(r' aria-current="page"')


def staff_url_names() -> list[tuple[str, list[str]]]:
    """(namespace:name, the names of its arguments) of every URL of the staff areas."""
    resolver = get_resolver()
    found = []
    for namespace in STAFF_NAMESPACES:
        _prefix, sub = resolver.namespace_dict[namespace]
        for name, entries in sub.reverse_dict.items():
            if isinstance(name, str):
                params = entries[0][0][1]
                found.append((f"{namespace}:{name}", list(params)))
    return sorted(found)


@pytest.fixture
def objects(delivery):  # noqa: F811
    world = delivery.world
    engagement = world.public
    things = delivery.things[engagement.slug]
    # alice is the organisation's admin; as the engagement's mentor too she may also record conversations.
    Membership.objects.create(user=world.alice, organisation=world.org, engagement=engagement, role=Role.MENTOR)
    conversation = make_conversation(engagement, world.alice)  # its author, who may add its challenges
    theme = engagement.themes.create(name="Letters")
    challenge = make_challenge(conversation, "Letters arrive late.", theme)
    expert = do_give_expert_input(world.erin, things.proposal, "It would cost little.")
    update = do_add_update(world.fran, things.action, "Started.")
    today = things.decision.decided_on
    iteration = Iteration.objects.create(
        engagement=engagement, name="First", goal="Start", starts_on=today, ends_on=today
    )
    pks = {
        "staff:phase_edit": engagement.phases.first().pk,
        "staff:perspective_edit": engagement.perspectives.first().pk,
        "listening_staff:conversation": conversation.pk,
        "listening_staff:consent": conversation.pk,
        "listening_staff:challenge_new": conversation.pk,
        "listening_staff:erase_person": conversation.pk,
        "listening_staff:challenge_statement": challenge.pk,
        "listening_staff:theme_edit": theme.pk,
        "statement_translations:translate": things.statement.pk,
        "statement_translations:review": things.statement.pk,
        "proposals_staff:proposal_texts": things.proposal.pk,
        "proposals_staff:expert_input_texts": expert.pk,
        "proposals_staff:decision_texts": things.decision.pk,
        "delivery_staff:action_texts": things.action.pk,
        "delivery_staff:update_texts": update.pk,
        "delivery_staff:iteration_edit": iteration.pk,
    }
    return world, pks


def without_current(nav: str) -> str:
    """The navigation without its mark of the current page, and without the ids that tie a group's list to its
    heading (numbered in order)."""
    return re.sub(r"staff-nav-\d+", "staff-nav-N", CURRENT.sub("", nav))


def test_every_staff_page_shows_the_same_grouped_navigation_with_the_current_page_marked(objects, client, admin_client):
    world, pks = objects
    client.force_login(world.alice)
    engagement_navs: dict[str, str] = {}
    organisation_navs: dict[str, str] = {}
    post_only = []
    for name, params in staff_url_names():
        kwargs = {"slug": world.public.slug, "org_slug": world.org.slug, "pk": pks.get(name, 0)}
        url = reverse(name, kwargs={param: kwargs[param] for param in params})
        response = (admin_client if name in PLATFORM_PAGES else client).get(url)
        if response.status_code == 405:
            post_only.append(name)
            continue
        assert response.status_code == 200, f"{name} ({url}): {response.status_code}; give the crawl an object for it"
        if name in WITHOUT_NAVIGATION:
            continue
        page = response.content.decode()
        navs = NAV.findall(page)
        assert len(navs) == 1, f"{name}: {len(navs)} staff navigations"
        nav = navs[0]
        assert len(CURRENT.findall(nav)) <= 1, f"{name}: more than one current page"
        if f'href="{url}"' in nav:
            assert f'<a href="{url}" aria-current="page">' in nav, f"{name}: its own link is not marked current"
        if "slug" in params:
            assert CURRENT.search(nav), f"{name}: no link marked as the current page"
            engagement_navs[name] = without_current(nav)
        elif "org_slug" in params:
            organisation_navs[name] = without_current(nav)
    assert post_only, "the crawl found no form targets: is it reading the URLs?"
    # The same navigation on every engagement page, whichever app it belongs to.
    first = engagement_navs["staff:engagement"]
    for name, nav in engagement_navs.items():
        assert nav == first, f"{name}'s staff navigation differs from the engagement details page's"
    # Grouped by the cycle, listening's pages among them.
    headings = re.findall(r'<h2 class="staff-nav__heading"[^>]*>([^<]+)</h2>', first)
    assert headings == ["Set up", "Listen", "Conversation", "Co-design and prioritise", "Deliver", "Organisation"]
    for name in ("listening_staff:conversations", "proposals_staff:proposal_new", "delivery_staff:board"):
        assert f'href="{reverse(name, args=[world.public.slug])}"' in first
    # Organisation pages carry the organisation's group, the same as on the engagement pages.
    organisation_group = first[first.index("Organisation</h2>") :]
    for name, nav in organisation_navs.items():
        assert organisation_group in nav, f"{name} lacks the organisation's part of the navigation"


def test_the_navigation_shows_each_person_only_the_pages_they_may_open(objects, client):
    world, _pks = objects
    client.force_login(world.mo)  # a mentor: listening's pages, not the engagement's settings
    page = client.get(reverse("listening_staff:mentor", args=[world.public.slug])).content.decode()
    nav = NAV.search(page).group(0)
    assert reverse("listening_staff:mentor", args=[world.public.slug]) in nav
    assert reverse("staff:phases", args=[world.public.slug]) not in nav
    assert reverse("listening_staff:access_log", args=[world.public.slug]) not in nav
    assert "Organisation</h2>" not in nav
    for href in re.findall(r'href="([^"]+)"', nav):
        assert client.get(href).status_code == 200, href


def test_a_translator_reaches_the_queue_with_the_navigation(objects, client, django_user_model):
    world, _pks = objects
    tess = django_user_model.objects.create_user("tess@example.org", "a-long-test-password")
    Membership.objects.create(user=tess, organisation=world.org, engagement=world.public, role=Role.TRANSLATOR)
    client.force_login(tess)
    page = client.get(reverse("statement_translations:queue", args=[world.public.slug])).content.decode()
    nav = NAV.search(page).group(0)
    assert re.findall(r'href="(/staff/[^"]*)"', nav) == [
        reverse("staff:dashboard"),
        reverse("statement_translations:queue", args=[world.public.slug]),
    ]
