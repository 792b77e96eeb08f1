"""axe-core (WCAG 2.2 A/AA) finds nothing on any page of proposals, prioritisation and decisions, in English and
Welsh, at phone size: every page as it first appears, and every form page after sending it empty (its errors).

Uses the page checker of test_accessibility.py; the journey itself is in test_codesign_journey.py.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.proposals.access import Author
from coproduce.proposals.actions import (
    do_amend_proposal,
    do_comment,
    do_give_expert_input,
    do_moderate,
    do_record_decision,
    do_spread_dots,
    do_write_proposal,
)
from coproduce.proposals.models import PairwiseChoice, PrioritisationSettings, Proposal
from tests.browser.test_accessibility import Page, check_page
from tests.proposals.conftest import open_codesign

pytestmark = pytest.mark.browser

P = "/engagements/outpatients"
Q = "/engagements/staff-wellbeing"
PAGES = {
    "anonymous": [
        Page("proposals", f"{P}/proposals/"),
        Page("proposal", f"{P}/proposals/{{proposal}}/"),
        Page("proposal-history", f"{P}/proposals/{{proposal}}/history/"),
        Page("proposal-moderation-log", f"{P}/proposals/moderation-log/"),
        Page("priorities", f"{P}/priorities/"),
        Page("decisions", f"{P}/decisions/"),
        Page("decision", f"{P}/decisions/{{decision}}/"),
        Page("statement-with-proposals", f"{P}/statements/{{statement}}/"),
        Page("engagement-with-codesign", f"{P}/"),
    ],
    "participant": [
        Page("write-proposal", f"{P}/proposals/new/", submit=True),
        Page("amend-proposal", f"{P}/proposals/{{proposal}}/amend/", submit=True),
        Page("comment", f"{P}/proposals/{{proposal}}/", submit=True, form="main form[action$='/comment/'] >> nth=-1"),
        Page("prioritise-pairwise", f"{P}/prioritise/"),
        Page("suggest-option", f"{P}/prioritise/suggest/", submit=True),
    ],
    "pat": [
        Page("prioritise-dots", f"{Q}/prioritise/", submit=True),
        Page("priorities-dots", f"{Q}/priorities/"),
    ],
    "erin": [
        Page("expert-input", f"{P}/proposals/{{proposal}}/", submit=True, form="main form[action$='/expert-input/']"),
    ],
    "fran": [
        Page(
            "proposal-facilitator", f"{P}/proposals/{{proposal}}/", submit=True, form="main form[action$='/boundary/']"
        ),
        Page("staff-proposals", f"/staff{P}/proposals/"),
        Page("staff-decision", f"/staff{P}/decisions/new/", submit=True),
        # Sent with 0 dots (below), since a number field is not cleared like a text field.
        Page("staff-prioritisation", f"/staff{P}/prioritisation/", submit=True, fill={"phase-{phase}-dots": "0"}),
    ],
}


@pytest.fixture
def codesign_world(world):
    world.participant = Participant.objects.create(engagement=world.public, consented_at=timezone.now())
    Participant.objects.create(engagement=world.private, user=world.pat, consented_at=timezone.now())
    ids = {}
    for engagement in (world.public, world.private):
        phase = open_codesign(engagement)
        conversation = conversation_of(engagement)
        statements = [
            Statement.objects.create(
                conversation=conversation, text=f"Statement {n} of {engagement.slug}", origin=Statement.Origin.SEED
            )
            for n in range(3)
        ]
        mine = do_write_proposal(
            engagement,
            Author(participant=world.participant),
            title="Text reminders",
            summary="A text the day before.",
            body="- a text\n- a link",
            statements=statements[:2],
        )
        do_amend_proposal(
            mine,
            Author(participant=world.participant),
            title="Text and email reminders",
            summary="A text or an email the day before.",
            body="- a text\n- a link",
            note="Email too",
        )
        top = do_comment(mine, Author(user=world.fran), "Would people want both?")
        do_comment(mine, Author(participant=world.participant), "Yes, a choice.", top)
        do_give_expert_input(world.erin, mine, "Texts cost **3p** each.")
        hidden = do_comment(mine, Author(participant=world.participant), "Off topic")
        do_moderate(world.fran, engagement, action="hide", reason="off_topic", comment=hidden)
        options = [
            do_write_proposal(
                engagement,
                Author(user=world.fran),
                title=f"Option {n}",
                summary=f"Summary {n}.",
                body="",
                statements=statements[:1],
                status=Proposal.Status.SHORTLISTED,
            )
            for n in range(3)
        ]
        decision = do_record_decision(
            world.fran,
            engagement,
            title="We will send reminders",
            decided_by="The board",
            decided_on="2026-11-20",
            reasons="People agreed.",
            not_done="Parking: not ours.",
            proposals=[options[0]],
        )
        Proposal.objects.filter(pk=options[0].pk).update(status=Proposal.Status.SHORTLISTED)
        for n in range(6):
            voter = Participant.objects.create(
                engagement=engagement, consented_at=timezone.now(), perspective=engagement.perspectives.first()
            )
            PairwiseChoice.objects.create(
                engagement=engagement,
                participant=voter,
                option_a=options[0],
                option_b=options[1],
                chosen=options[n % 2],
                nonce=str(n),
            )
            if engagement == world.private:
                do_spread_dots(voter, phase, 10, {options[0]: 6, options[2]: 4})
        if engagement == world.private:
            PrioritisationSettings.objects.create(phase=phase, method="dots", dots=10)
        ids[engagement.slug] = {"proposal": mine.pk, "decision": decision.pk, "statement": statements[0].pk}
    world.ids = {**ids["outpatients"], "phase": world.public.phases.get(kind="codesign").pk}
    return world


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("persona", list(PAGES))
def test_codesign_pages_have_no_axe_violations(codesign_world, new_context, persona, language):
    world = codesign_world
    user = getattr(world, persona) if persona in ("pat", "erin", "fran") else None
    context = new_context(language=language, user=user, axe=True)
    page = context.new_page()
    if persona == "participant":
        # The cookie must be set for the live server's address.
        page.goto("/")
        context.add_cookies(
            [{"name": COOKIE_NAME, "value": make_token([world.participant.public_id]), "url": page.url}]
        )
    cookies = context.cookies()
    failures = []
    for spec in PAGES[persona]:
        context.clear_cookies()
        context.add_cookies(cookies)
        spec = Page(**{**spec.__dict__, "fill": {k.format(**world.ids): v for k, v in spec.fill.items()}})
        # The page itself, not a redirect to taking part or signing in (which would also answer 200).
        url = spec.url.format(**world.ids)
        page.goto(url)
        assert page.url.endswith(url), f"{url} redirected to {page.url}"
        try:
            failures += check_page(page, spec, language, **world.ids)
        except Exception as error:
            error.add_note(f"while checking the page {spec.name!r} ({language})")
            raise
        if spec.fill:  # sent with a bad value: the page shows its error summary (and axe checked it above)
            assert page.locator(".error-summary").count() == 1, spec.name
    if failures:
        report = "\n\n".join(failures)
        pytest.fail(f"axe found violations on {len(failures)} page state(s):\n\n{report}", pytrace=False)
