"""Who gets what from every view of the delivery app: one row per (view, engagement), one column per persona.

Cells, personas and method as in tests/proposals/test_permission_matrix.py:

    200    the page
    302    a redirect, and nothing changed (to take part, or back with a message)
    saved  a redirect after a write, and something changed
    login  redirected to sign in, nothing changed
    403    may see it but not do this, nothing changed
    404    may not even know it exists, nothing changed
    405    wrong method, nothing changed

Each engagement of "glas" has the delivery fixture (tests/delivery/conftest.py): a decision and an action that is
*done* (so feedback is open), and an iteration. pseudo and pat have agreed to take part in the *public* engagement;
pat is invited to the private one but has not joined it. Each persona's request runs in its own rolled-back
transaction, so every cell starts from the same state.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate, Feedback, Iteration
from coproduce.engagements.models import AuditEvent, Engagement, Participant
from coproduce.notifications.models import Subscription, Unsubscribed
from tests import permission_matrix as matrix
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]

MATRIX = """
view                    engagement  anon   pseudo pat    sam    mo     erin   fran   alice  olly
report                  public      200    200    200    200    200    200    200    200    200
report                  link        404    404    404    200    200    200    200    200    404
report                  private     404    404    200    200    200    200    200    200    404
action                  public      200    200    200    200    200    200    200    200    200
action                  link        404    404    404    200    200    200    200    200    404
action                  private     404    404    200    200    200    200    200    200    404
iterations              public      200    200    200    200    200    200    200    200    200
iterations              private     404    404    200    200    200    200    200    200    404
feed                    public      200    200    200    200    200    200    200    200    200
feed                    link        404    404    404    200    200    200    200    200    404
feed                    private     404    404    200    200    200    200    200    200    404
feedback_post           public      302    saved  saved  302    302    302    302    302    302
feedback_post           link        404    404    404    302    302    302    302    302    404
feedback_post           private     404    404    302    302    302    302    302    302    404
feedback_get            public      405    405    405    405    405    405    405    405    405
notifications           public      302    200    200    302    302    302    302    302    302
notifications           private     404    404    302    302    302    302    302    302    404
notifications_post      public      302    saved  saved  302    302    302    302    302    302
notifications_post      link        404    404    404    302    302    302    302    302    404
notifications_post      private     404    404    302    302    302    302    302    302    404

board                   public      login  login  403    200    200    200    200    200    403
board                   link        login  login  404    200    200    200    200    200    404
board                   private     login  login  403    200    200    200    200    200    404
action_new              public      login  login  403    403    403    403    200    200    403
action_new              private     login  login  403    403    403    403    200    200    404
action_new_post         public      login  login  403    403    403    403    saved  saved  403
action_new_post         link        login  login  404    403    403    403    saved  saved  404
action_new_post         private     login  login  403    403    403    403    saved  saved  404
action_status_post      public      login  login  403    403    403    403    saved  saved  403
action_status_post      link        login  login  404    403    403    403    saved  saved  404
action_status_post      private     login  login  403    403    403    403    saved  saved  404
action_status_get       public      login  login  405    405    405    405    405    405    405
action_update_post      public      login  login  403    403    403    403    saved  saved  403
action_update_post      private     login  login  403    403    403    403    saved  saved  404
action_update_get       public      login  login  405    405    405    405    405    405    405
action_iteration_post   public      login  login  403    403    403    403    saved  saved  403
action_iteration_post   private     login  login  403    403    403    403    saved  saved  404
action_iteration_get    public      login  login  405    405    405    405    405    405    405
iterations_edit         public      login  login  403    403    403    403    200    200    403
iterations_edit         private     login  login  403    403    403    403    200    200    404
iterations_edit_post    public      login  login  403    403    403    403    saved  saved  403
iterations_edit_post    link        login  login  404    403    403    403    saved  saved  404
audit                   public      login  login  403    403    403    403    403    200    403
audit                   link        login  login  404    403    403    403    403    200    404
audit                   private     login  login  403    403    403    403    403    200    404
next_cycle              public      login  login  403    403    403    403    200    200    403
next_cycle              private     login  login  403    403    403    403    200    200    404
next_cycle_post         public      login  login  403    403    403    403    saved  saved  403
next_cycle_post         link        login  login  404    403    403    403    saved  saved  404
"""


ROWS = parse_matrix(MATRIX, PERSONAS)


def build_request(view: str, world, engagement: Engagement) -> Request:
    """The request a persona sends for a row: valid input, so that a refusal is never down to bad data."""
    slug = engagement.slug
    thing = world.delivery.things[slug]
    action, decision, iteration = thing.action, thing.decision, world.iterations[slug]
    requests: dict[str, Callable[[], Request]] = {
        "report": lambda: Request("get", reverse("delivery:report", args=[slug])),
        "action": lambda: Request("get", reverse("delivery:action", args=[slug, action.pk])),
        "iterations": lambda: Request("get", reverse("delivery:iterations", args=[slug])),
        "feed": lambda: Request("get", reverse("delivery:feed", args=[slug])),
        "feedback_post": lambda: Request("post", reverse("delivery:feedback", args=[slug, action.pk]), {"rating": "4"}),
        "feedback_get": lambda: Request("get", reverse("delivery:feedback", args=[slug, action.pk])),
        "notifications": lambda: Request("get", reverse("delivery:notifications", args=[slug])),
        "notifications_post": lambda: Request(
            "post",
            reverse("delivery:notifications", args=[slug]),
            {"email": "me@example.org", "frequency": "weekly", "language": "cy"},
        ),
        "board": lambda: Request("get", reverse("delivery_staff:board", args=[slug])),
        "action_new": lambda: Request("get", reverse("delivery_staff:action_new", args=[slug])),
        "action_new_post": lambda: Request(
            "post",
            reverse("delivery_staff:action_new", args=[slug]),
            {"decision": str(decision.pk), "title": "Evening clinics", "owner": "Clinic managers"},
        ),
        "action_status_post": lambda: Request(
            "post", reverse("delivery_staff:action_status", args=[slug, action.pk]), {"status-status": "in_progress"}
        ),
        "action_status_get": lambda: Request("get", reverse("delivery_staff:action_status", args=[slug, action.pk])),
        "action_update_post": lambda: Request(
            "post", reverse("delivery_staff:action_update", args=[slug, action.pk]), {"update-text": "Supplier chosen."}
        ),
        "action_update_get": lambda: Request("get", reverse("delivery_staff:action_update", args=[slug, action.pk])),
        "action_iteration_post": lambda: Request(
            "post",
            reverse("delivery_staff:action_iteration", args=[slug, action.pk]),
            {"iteration-iteration": str(iteration.pk)},
        ),
        "action_iteration_get": lambda: Request(
            "get", reverse("delivery_staff:action_iteration", args=[slug, action.pk])
        ),
        "iterations_edit": lambda: Request("get", reverse("delivery_staff:iterations_edit", args=[slug])),
        "iterations_edit_post": lambda: Request(
            "post",
            reverse("delivery_staff:iterations_edit", args=[slug]),
            {"name": "Iteration 2", "goal": "Evening clinics", "starts_on": "2026-12-01", "ends_on": "2026-12-14"},
        ),
        "audit": lambda: Request("get", reverse("delivery_staff:audit", args=[slug])),
        "next_cycle": lambda: Request("get", reverse("delivery_staff:next_cycle", args=[slug])),
        "next_cycle_post": lambda: Request(
            "post",
            reverse("delivery_staff:next_cycle", args=[slug]),
            {"title_en": "Next cycle", "title_cy": "Y cylch nesaf", "seeds": "Texts worked for me."},
        ),
    }
    return requests[view]()


def snapshot() -> tuple:
    """Everything a view of this app could change, in a comparable form."""
    return (
        list(Action.objects.order_by("pk").values_list("pk", "title", "status", "iteration_id")),
        ActionUpdate.objects.count(),
        Iteration.objects.count(),
        list(Feedback.objects.values_list("action_id", "participant_id", "rating")),
        list(Subscription.objects.values_list("subscriber", "email", "frequency", "language", "confirmed_at")),
        Unsubscribed.objects.count(),
        Participant.objects.count(),
        AuditEvent.objects.count(),
        Engagement.objects.count(),
    )


@pytest.fixture
def matrix_world(delivery):
    world = delivery.world
    now = timezone.now()
    world.delivery = delivery
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=now)
    Participant.objects.filter(user=world.pat).update(consented_at=now)
    world.iterations = {}
    for engagement in (world.public, world.link, world.private):
        actions.do_set_action_status(world.fran, delivery.things[engagement.slug].action, Action.Status.DONE)
        world.iterations[engagement.slug] = actions.do_create_iteration(
            world.fran, engagement, name="Iteration 1", goal="Reminders", starts_on=now.date(), ends_on=now.date()
        )
    return world


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_permission_matrix(view, visibility, expected, matrix_world):
    world = matrix_world
    engagement = {"public": world.public, "link": world.link, "private": world.private}[visibility]
    request = build_request(view, world, engagement)
    got = matrix.run_row(PERSONAS, request, world, snapshot)
    matrix.assert_row(view, visibility, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    """A new view of this app must get a row: every named URL of delivery and delivery_staff appears."""
    missing = matrix.url_names("delivery", "delivery_staff") - matrix.views_of(ROWS)
    assert not missing, f"views without a row in the permission matrix: {sorted(missing)}"
