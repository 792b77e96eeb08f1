"""axe-core (WCAG 2.2 A/AA) finds nothing on any page of delivery, in English and Welsh, at phone size: every page as
it first appears, and every form page after sending it empty (its errors). The journey is test_delivery_journey.py.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.delivery import actions
from coproduce.delivery.models import Action
from coproduce.delivery.notify import topic_of
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.listening.models import Theme
from coproduce.notifications.actions import do_subscribe
from coproduce.notifications.mail import confirm_token, unsubscribe_token
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_record_decision, do_write_proposal
from tests.browser.test_accessibility import Page, check_page
from tests.delivery.conftest import open_review

pytestmark = pytest.mark.browser

P = "/engagements/outpatients"
PAGES = {
    "anonymous": [
        Page("engagement-with-delivery", f"{P}/"),
        Page("we-did", f"{P}/we-did/"),
        Page("action", f"{P}/actions/{{action}}/"),
        Page("action-not-possible", f"{P}/actions/{{other}}/"),
        Page("iterations", f"{P}/iterations/"),
        Page("decision-with-actions", f"{P}/decisions/{{decision}}/"),
        Page("unsubscribe", "/unsubscribe/{token}/"),
        Page("unsubscribe-bad-link", "/unsubscribe/not-a-token/", status=404),
        Page("confirm", "/notifications/confirm/{confirm}/", submit=True, errors=False),
        Page("confirm-bad-link", "/notifications/confirm/not-a-token/", status=404),
    ],
    "participant": [
        Page("notifications", f"{P}/notifications/", submit=True),
        Page("feedback", f"{P}/actions/{{action}}/", submit=True, form="main form[action$='/feedback/']"),
    ],
    "fran": [
        Page("board", f"/staff{P}/actions/"),
        Page("action-manage", f"{P}/actions/{{action}}/", submit=True, form="main form[action$='/update/']"),
        Page("action-new", f"/staff{P}/actions/new/", submit=True),
        Page("iterations-edit", f"/staff{P}/iterations/", submit=True),
        Page("next-cycle", f"/staff{P}/next-cycle/", submit=True),
    ],
    "alice": [
        Page("audit", f"/staff{P}/audit/"),
    ],
}


@pytest.fixture
def delivery_world(world):
    engagement = world.public
    open_review(engagement)
    world.participant = Participant.objects.create(engagement=engagement, consented_at=timezone.now())
    statement = Statement.objects.create(
        conversation=conversation_of(engagement), author=world.participant, text="I never get a reminder"
    )
    Theme.objects.create(engagement=engagement, name="Reminders").statements.add(statement)
    proposal = do_write_proposal(
        engagement, Author(user=world.fran), title="Text reminders", summary="A text.", body="", statements=[statement]
    )
    decision = do_record_decision(
        world.fran,
        engagement,
        title="We will send reminders",
        decided_by="The board",
        decided_on="2026-11-20",
        reasons="People agreed.",
        not_done="",
        proposals=[proposal],
    )
    today = timezone.localdate()
    iteration = actions.do_create_iteration(
        world.fran, engagement, name="Iteration 1", goal="Reminders live", starts_on=today, ends_on=today
    )
    action = actions.do_create_action(
        world.fran,
        decision,
        title="Send a text two days before",
        description="From **January**.",
        owner="Booking team",
        target_date=today,
        iteration=iteration,
    )
    actions.do_add_update(world.fran, action, "Supplier chosen.")
    actions.do_set_action_status(world.fran, action, Action.Status.DONE, text="Texts go out.")
    perspectives = list(engagement.perspectives.all())
    for n in range(7):
        someone = Participant.objects.create(
            engagement=engagement,
            consented_at=timezone.now(),
            perspective=perspectives[0] if n < 5 else perspectives[1],
        )
        actions.do_give_feedback(someone, action, 1 + n % 5, "A comment")
    other = actions.do_create_action(
        world.fran, decision, title="Parking", description="", owner="Estates", target_date=None
    )
    actions.do_set_action_status(world.fran, other, Action.Status.NOT_POSSIBLE, reason="The car park is not ours.")
    subscription = do_subscribe(
        topic_of(world.public),
        Subscriber.participant(world.participant.pk),
        email="someone@example.org",
        language="en",
        frequency="daily",
    )
    world.ids = {
        "action": action.pk,
        "other": other.pk,
        "decision": decision.pk,
        "token": unsubscribe_token("someone@example.org"),
        "confirm": confirm_token(subscription),
    }
    return world


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("persona", list(PAGES))
def test_delivery_pages_have_no_axe_violations(delivery_world, new_context, persona, language):
    world = delivery_world
    user = getattr(world, persona) if persona in ("fran", "alice") else None
    context = new_context(language=language, user=user, axe=True)
    page = context.new_page()
    if persona == "participant":
        page.goto("/")
        context.add_cookies(
            [{"name": COOKIE_NAME, "value": make_token([world.participant.public_id]), "url": page.url}]
        )
    failures = []
    for spec in PAGES[persona]:
        url = spec.url.format(**world.ids)
        page.goto(url)
        assert page.url.endswith(url), f"{url} redirected to {page.url}"
        try:
            failures += check_page(page, spec, language, **world.ids)
        except Exception as error:
            error.add_note(f"while checking the page {spec.name!r} ({language})")
            raise
    if failures:
        report = "\n\n".join(failures)
        pytest.fail(f"axe found violations on {len(failures)} page state(s):\n\n{report}", pytrace=False)
