"""No N+1: the "you said, we did" page, an action's page, the board and the iterations make the same number of
queries whatever the number of actions, proposals, statements, updates and feedback."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.delivery import actions
from coproduce.delivery.models import Action
from coproduce.listening.models import Theme
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_record_decision, do_write_proposal


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(delivery, n: int, start: int) -> None:
    world = delivery.world
    engagement = world.public
    conversation = conversation_of(engagement)
    iteration = actions.do_create_iteration(
        world.fran,
        engagement,
        name=f"Iteration {start}",
        goal="More",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    theme = Theme.objects.create(engagement=engagement, name=f"Theme {start}")
    for i in range(start, start + n):
        author = delivery.participant(engagement, perspective=engagement.perspectives.first())
        statement = Statement.objects.create(conversation=conversation, author=author, text=f"Said {i}")
        theme.statements.add(statement)
        proposal = do_write_proposal(
            engagement,
            Author(participant=author),
            title=f"Idea {i}",
            summary="s",
            body="",
            statements=[statement, delivery.things["outpatients"].statement],
        )
        decision = do_record_decision(
            world.fran,
            engagement,
            title=f"Decision {i}",
            decided_by="Board",
            decided_on=timezone.localdate(),
            reasons="Why",
            not_done="",
            proposals=[proposal],
        )
        action = actions.do_create_action(
            world.fran,
            decision,
            title=f"Action {i}",
            description="*Text*",
            owner="Team",
            target_date=timezone.localdate(),
            iteration=iteration,
        )
        actions.do_add_update(world.fran, action, f"Update {i}")
        actions.do_set_action_status(world.fran, action, Action.Status.DONE)
        for _ in range(5):
            actions.do_give_feedback(
                delivery.participant(engagement, perspective=engagement.perspectives.first()), action, 4, "ok"
            )


def test_pages_do_not_grow_with_rows(delivery, client):
    world = delivery.world
    slug = world.public.slug
    action = delivery.things[slug].action
    public_urls = [
        reverse("delivery:report", args=[slug]),
        reverse("delivery:iterations", args=[slug]),
        reverse("delivery:action", args=[slug, action.pk]),
        reverse("delivery:feed", args=[slug]),
    ]
    staff_urls = [reverse("delivery_staff:board", args=[slug]), reverse("delivery_staff:audit", args=[slug])]
    grow(delivery, 2, 0)
    client.force_login(world.alice)
    few = {url: queries(client, url) for url in public_urls + staff_urls}
    grow(delivery, 5, 10)
    many = {url: queries(client, url) for url in few}
    assert many == few
    # And the page really shows the thread it fetched (so the counts are of a page that does its job).
    page = client.get(public_urls[0]).content.decode()
    assert page.count("Said 1") >= 1 and "Action 14" in page and "Theme 10" in page


def test_a_digest_costs_two_writes_per_subscriber_and_the_same_reads_for_one_or_many(delivery):
    """Sending: the notices, their topics and their updates are read once per run whatever the number of
    subscribers; each subscriber costs only the claim and the "sent" of their notices (two UPDATEs)."""
    from django.core import mail

    from coproduce.notifications import tasks
    from tests.delivery.conftest import subscribe

    world, thing = delivery.world, delivery.things["outpatients"]

    subscribed = []

    def digest_queries(more: int) -> tuple[int, int]:
        for _ in range(more):
            someone = delivery.participant(world.public)
            actions.do_give_feedback(someone, thing.action, 4, "")  # a contributor to the action
            subscribed.append(subscribe(someone, email=f"p{someone.pk}@example.org", frequency="daily"))
        subscribers = len(subscribed)
        actions.do_set_action_status(world.fran, thing.action, Action.Status.IN_PROGRESS)
        actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as captured:
            sent = tasks.send_digests.apply(args=["daily"]).get()
        assert sent == subscribers and len(mail.outbox) == subscribers
        assert all(m.body.count("Send a text two days before") == 2 for m in mail.outbox)
        writes = sum(q["sql"].lstrip().upper().startswith("UPDATE") for q in captured.captured_queries)
        return len(captured) - writes, writes

    one = digest_queries(1)
    Action.objects.filter(pk=thing.action.pk).update(status=Action.Status.PLANNED)
    many = digest_queries(3)  # four subscribers now, each with two new updates
    assert many[0] == one[0], f"reads: {one[0]} for one subscriber, {many[0]} for four"
    assert (one[1], many[1]) == (2, 8)
