"""Delivery and review: an engagement's iterations, actions, updates, and feedback as aggregates."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router

from coproduce.api import golden_thread
from coproduce.api.access import engagement_for_reading
from coproduce.api.errors import ERRORS
from coproduce.api.pagination import Paging, page
from coproduce.api.routers.engagements import ENGAGEMENTS
from coproduce.api.routers.proposals import translated
from coproduce.api.schemas import ActionOut, FeedbackOut, IterationOut, Page, UpdateOut
from coproduce.delivery.models import Action, ActionUpdate, Iteration

router = Router(tags=["delivery"])


def iteration_out(today, i: Iteration) -> dict:
    return {
        "id": i.pk,
        **translated(i, "name", "goal"),
        "starts_on": i.starts_on,
        "ends_on": i.ends_on,
        "is_current": i.is_current(today),
        "actions": [a.pk for a in i.actions.all()],
    }


@router.get(
    "/engagements/{slug}/iterations",
    response={200: Page[IterationOut], **ERRORS},
    operation_id="list_iterations",
    summary=gettext_noop("Iterations of delivery: name, goal, dates and their actions"),
)
def list_iterations(request: HttpRequest, slug: str, paging: Query[Paging]):
    """Earliest first: those that have started, and any later one an action already belongs to."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    today = timezone.localdate()
    return page(golden_thread.iterations(engagement, today), paging, lambda i: iteration_out(today, i))


class ActionFilters(Paging):
    status: Action.Status | None = Field(None, description="Only actions with this status.")


def action_out(slug: str, a: Action) -> dict:
    return {
        "id": a.pk,
        **translated(a, "title", "description", "owner", "status_reason"),
        "status": a.status,
        "target_date": a.target_date,
        "decision": a.decision_id,
        "iteration": a.iteration_id,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "page_url": reverse("delivery:action", args=[slug, a.pk]),
    }


@router.get(
    "/engagements/{slug}/actions",
    response={200: Page[ActionOut], **ERRORS},
    operation_id="list_actions",
    summary=gettext_noop("Actions: what each decision commits to, who owns it (a role or team) and its status"),
)
def list_actions(request: HttpRequest, slug: str, filters: Query[ActionFilters]):
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    actions = golden_thread.actions(engagement)
    if filters.status:
        actions = actions.filter(status=filters.status)
    return page(actions, filters, lambda a: action_out(engagement.slug, a))


class UpdateFilters(Paging):
    action: int | None = Field(None, ge=1, le=2**63 - 1, description="Only the updates of this action (its id).")


def update_out(u: ActionUpdate) -> dict:
    return {
        "id": u.pk,
        "action": u.action_id,
        **translated(u, "text"),
        "status": u.status or None,
        "created_at": u.created_at,
    }


@router.get(
    "/engagements/{slug}/updates",
    response={200: Page[UpdateOut], **ERRORS},
    operation_id="list_updates",
    summary=gettext_noop("Progress updates on the actions, newest first"),
)
def list_updates(request: HttpRequest, slug: str, filters: Query[UpdateFilters]):
    """Who wrote an update is not published."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    updates = golden_thread.updates(engagement)
    if filters.action:
        updates = updates.filter(action_id=filters.action)
    return page(updates, filters, update_out)


@router.get(
    "/engagements/{slug}/feedback",
    response={200: Page[FeedbackOut], **ERRORS},
    operation_id="list_feedback",
    summary=gettext_noop(
        "Feedback on each action: how many answered and, from the small-numbers threshold, the mean "
        "rating and how many gave each answer"
    ),
)
def list_feedback(request: HttpRequest, slug: str, paging: Query[Paging]):
    """One item per action (in the order of …/actions). Only aggregates: no comment and nothing about one person.
    Below the small-numbers threshold (5 unless the site sets SMALL_NUMBERS_THRESHOLD) the figures are held back,
    and `suppressed` says so."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    summaries = golden_thread.feedback(engagement)
    return page(
        golden_thread.actions(engagement).values_list("pk", flat=True),
        paging,
        lambda pk: golden_thread.feedback_aggregate(pk, summaries.get(pk)),
    )
