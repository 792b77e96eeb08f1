"""Engagements: the question, boundaries, phases and perspectives; listed as each caller may see them."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router

from coproduce.api.access import engagement_for_reading, visible_engagements
from coproduce.api.errors import ERRORS
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, EngagementOut, EngagementSummaryOut, Page
from coproduce.engagements.models import Engagement

router = Router(tags=["engagements"])

ENGAGEMENTS = Engagement.objects.select_related("organisation", "conversation").prefetch_related(
    "phases", "perspectives"
)


class EngagementFilters(Paging):
    organisation: str | None = Field(
        None,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Only this organisation's engagements (its slug).",
    )
    visibility: Literal["public", "link", "private"] | None = Field(
        None, description="Only engagements with this visibility."
    )


def summary_out(engagement: Engagement) -> dict:
    return {
        "slug": engagement.slug,
        "organisation": engagement.organisation.slug,
        "title": engagement.title,
        "question": engagement.question,
        "visibility": engagement.visibility,
        "created_at": engagement.created_at,
    }


def engagement_out(engagement: Engagement) -> dict:
    today = timezone.localdate()
    return {
        **summary_out(engagement),
        "brief": engagement.brief,
        "languages": engagement.languages,
        "boundaries": {
            name: getattr(engagement, name)
            for name in ("in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline")
        },
        "phases": [
            {
                "kind": p.kind,
                "description": p.description,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "state": p.state,
                "features": list(p.features),
                "is_current": p.is_current(today),
            }
            for p in engagement.phases.all()
        ],
        "perspectives": [{"id": p.pk, "name": p.name} for p in engagement.perspectives.all()],
        "features_open": sorted(engagement.enabled_features(today)),
        "page_url": engagement.get_absolute_url(),
    }


@router.get(
    "/engagements",
    response={200: Page[EngagementSummaryOut], **ERRORS},
    operation_id="list_engagements",
    summary=gettext_noop("List the engagements you may see"),
)
def list_engagements(request: HttpRequest, filters: Query[EngagementFilters]):
    engagements = visible_engagements(request, Engagement.objects.select_related("organisation")).order_by(
        "-created_at", "pk"
    )
    if filters.organisation:
        engagements = engagements.filter(organisation__slug=filters.organisation)
    if filters.visibility:
        engagements = engagements.filter(visibility=filters.visibility)
    return page(engagements, filters, summary_out)


@router.get(
    "/engagements/{slug}",
    response={200: EngagementOut, **ERRORS},
    operation_id="get_engagement",
    summary=gettext_noop("One engagement, with its boundaries, phases and perspectives"),
)
def get_engagement(request: HttpRequest, slug: str):
    return engagement_out(engagement_for_reading(request, slug, ENGAGEMENTS))
