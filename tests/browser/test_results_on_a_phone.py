"""Acceptance (issue 16): results tables stack on a phone instead of scrolling sideways.

At 390 px wide, the conversation's results and the priorities (pairs and dots, overall and by perspective) neither
make the page wider than the screen (document scrollWidth) nor scroll inside their own box: each row is a block,
each figure after its column's header. axe-core finds nothing. On a wide screen they are tables again.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Participant
from coproduce.proposals.models import DotAllocation, PairwiseChoice, Proposal
from tests.browser.support import DESKTOP, PHONE, assert_no_axe_violations, screenshot
from tests.proposals.conftest import codesign  # noqa: F401 - the fixture these results build on

pytestmark = pytest.mark.browser

LONG = "Appointment letters should say clearly which entrance, which floor and which waiting area to go to"


@pytest.fixture
def results(transactional_db, codesign):  # noqa: F811
    world = codesign.world
    engagement = world.public
    conversation = conversation_of(engagement)
    statements = [
        Statement.objects.create(conversation=conversation, text=f"{LONG} ({n})", origin=Statement.Origin.SEED)
        for n in range(4)
    ]
    perspectives = list(engagement.perspectives.all())
    options = [
        codesign.proposal(status=Proposal.Status.SHORTLISTED, title=f"Option {n}: {LONG[:60]}") for n in range(3)
    ]
    for n in range(18):
        someone = Participant.objects.create(
            engagement=engagement, consented_at=timezone.now(), perspective=perspectives[n % 3]
        )
        for i, statement in enumerate(statements):
            value = 1 if (n + i) % 4 else -1
            Vote.objects.create(conversation=conversation, participant=someone, statement=statement, value=value)
        a, b = sorted((options[n % 3], options[(n + 1) % 3]), key=lambda option: option.pk)
        PairwiseChoice.objects.create(
            engagement=engagement, participant=someone, option_a=a, option_b=b, chosen=a, nonce=f"{n}"
        )
        DotAllocation.objects.create(engagement=engagement, participant=someone, proposal=a, dots=2)
    compute_snapshot(conversation)
    return world


def test_results_tables_stack_on_a_phone(results, new_context):
    page = new_context(viewport=PHONE, axe=True).new_page()
    for path in ("/engagements/outpatients/results/", "/engagements/outpatients/priorities/"):
        page.set_viewport_size(PHONE)
        page.goto(path)
        tables = page.locator("table.table--stack")
        assert tables.count() >= 1, f"{path}: no stacking table"
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= viewport, f"{path}: the page is {width}px wide in a {viewport}px viewport"
        scrolling = page.evaluate(
            "[...document.querySelectorAll('table.table--stack')].map(t => t.closest('.table-wrap'))"
            ".filter(w => w.scrollWidth > w.clientWidth).length"
        )
        assert scrolling == 0, f"{path}: {scrolling} results table(s) scroll sideways"
        assert page.evaluate(
            "[...document.querySelectorAll('table.table--stack tbody tr')].every(r => getComputedStyle(r).display === 'block')"
        )
        # Each figure is read after its column's header.
        label = page.locator("table.table--stack tbody td[data-label]").first
        assert label.get_attribute("data-label")
        assert page.evaluate(
            "getComputedStyle(document.querySelector('table.table--stack tbody td[data-label]'), '::before').content"
        ).startswith('"')
        assert_no_axe_violations(page, f"{path} at phone size")
        screenshot(page, "results-phone" + path.replace("/", "-"))
        # On a wide screen, a table again.
        page.set_viewport_size(DESKTOP)
        assert (
            page.evaluate("getComputedStyle(document.querySelector('table.table--stack tbody tr')).display")
            == "table-row"
        )
