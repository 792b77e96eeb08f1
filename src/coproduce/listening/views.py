"""The public side of listening: the themes board and the mentors' summaries, once a facilitator publishes them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coproduce.engagements.access import engagement_for_viewing
from coproduce.listening.access import settings_of
from coproduce.listening.board import themes_board
from coproduce.listening.models import MentorSummary


@require_safe
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_viewing(request, slug)
    if not settings_of(engagement).themes_published:
        messages.info(request, _("The themes from one-to-one conversations have not been published yet."))
        return redirect(engagement)
    return render(
        request,
        "listening/themes_public.html",
        {
            "engagement": engagement,
            "summaries": MentorSummary.objects.filter(engagement=engagement),
            "page_title": _("What matters to people: themes"),
            **themes_board(engagement, public=True, page=request.GET.get("page")),
        },
    )
