"""Public pages of an engagement: what it is about, its boundaries, its phases, and how to take part."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.ratelimit import limit_writes
from coproduce.engagements import actions
from coproduce.engagements.access import SESSION_LINK_KEYS, engagement_for_viewing
from coproduce.engagements.forms import TakePartForm
from coproduce.engagements.models import Engagement, Feature
from coproduce.engagements.participants import current_participant, participant_ids_from_cookie, remember_participant
from coproduce.engagements.registry import TAKE_PART, EngagementPage, links_for

TAKING_PART_FEATURES = frozenset(
    {
        Feature.STATEMENTS,
        Feature.VOTING,
        Feature.CONVERSATIONS,
        Feature.PROPOSALS,
        Feature.PRIORITISATION,
        Feature.FEEDBACK,
    }
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the engagements open to everyone. Its address keeps the name core:home (coproduce/urls.py)."""
    engagements = Engagement.objects.listed().select_related("organisation").prefetch_related("phases")
    return render(request, "engagements/home.html", {"engagements": engagements})


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_viewing(request, slug)
    participant = current_participant(request, engagement)
    current = engagement.current_phases()
    features = frozenset(f for phase in current for f in phase.features)
    claimable = participant is not None and participant.user_id is None and request.user.is_authenticated
    # What the apps above add to the page (engagements.registry) decide from what this view has read already.
    page = EngagementPage(request, engagement, participant=participant, features=features)
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "current_phases": current,
            "phases": engagement.phases.all(),
            "participant": participant,
            "engagement_page": page,
            "open_for_taking_part": bool(features & TAKING_PART_FEATURES),
            "claimable": claimable,
            "can_manage": request.user.has_perm("engagements.manage_engagement", engagement),
            "page_title": engagement.title,
        },
    )


@require_safe
def join_by_link(request: HttpRequest, key: str) -> HttpResponse:
    """The link of a link-only engagement: remember it for this browser session and show the engagement."""
    engagement = get_object_or_404(Engagement.objects.exclude(visibility=Engagement.Visibility.PRIVATE), access_key=key)
    keys = request.session.get(SESSION_LINK_KEYS, [])
    if key not in keys:
        request.session[SESSION_LINK_KEYS] = [*keys, key][-20:]
    return redirect(engagement)


@require_http_methods(["GET", "POST"])
# Generous: a whole workshop may join at once from one venue's IP address.
@limit_writes("take_part", limit=60, window=60)
def take_part(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_viewing(request, slug)
    if not engagement.enabled_features() & TAKING_PART_FEATURES:
        messages.info(request, _("This engagement is not open for taking part at the moment."))
        return redirect(engagement)
    participant = current_participant(request, engagement)
    if participant is not None and participant.consented_at is not None:
        return redirect(_next_step(request, engagement, participant))
    form = TakePartForm(request.POST if request.method == "POST" else None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        participant = actions.do_join_engagement(
            engagement, user=request.user, perspective=form.cleaned_data.get("perspective"), participant=participant
        )
        messages.success(request, _("You are now taking part. Thank you."))
        response = redirect(_next_step(request, engagement, participant))
        remember_participant(request, response, participant)
        return response
    return render(
        request,
        "engagements/take_part.html",
        {"engagement": engagement, "form": form, "page_title": _("Take part: %(title)s") % {"title": engagement.title}},
    )


def _next_step(request: HttpRequest, engagement: Engagement, participant) -> str:
    """Where a participant goes after joining: the first thing the engagement page offers someone taking part (the
    conversation while voting is open: engagements.registry.TAKE_PART), else the engagement."""
    page = EngagementPage(request, engagement, participant=participant)
    return next((link["url"] for link in links_for(TAKE_PART, page)), engagement.get_absolute_url())


@login_required
@require_POST
@limit_writes("claim", limit=10, window=60)
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Link the pseudonymous participant record held by this browser to the signed-in account."""
    engagement = engagement_for_viewing(request, slug)
    participant = engagement.participants.filter(
        public_id__in=participant_ids_from_cookie(request), user__isnull=True
    ).first()
    if participant is None:
        raise Http404
    if actions.do_claim_participant(request.user, participant):
        messages.success(request, _("Your taking part is now kept with your account."))
    else:
        messages.info(
            request,
            _(
                "Your account already takes part in this engagement, so what you did in this browser without signing in stays separate."
            ),
        )
    return redirect(engagement)
