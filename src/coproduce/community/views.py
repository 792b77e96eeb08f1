"""The public side of the asset map: the list (with the map as progressive enhancement), an asset's page, the map's
data, and a person offering their own strength. Staff pages are in staff.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.community import actions
from coproduce.community.access import asset_for_reading
from coproduce.community.forms import OfferForm, ProposeQuestionForm
from coproduce.community.listing import for_list, map_features, search
from coproduce.community.models import Asset, ProposedQuestion, QuestionSupport
from coproduce.community.visibility import place_visible
from coproduce.core.bilingual import current_language
from coproduce.core.csp import POLICY
from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.models import Organisation

PER_PAGE = 20


def tile_origin() -> str:
    """The tile server's origin, for the map page's Content-Security-Policy ("" when no tile server is set).
    A `{s}` subdomain becomes a wildcard."""
    parts = urlsplit(settings.ASSET_MAP_TILE_URL or "")
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def map_policy() -> str:
    """The site's policy, with the tile server's images allowed: on the asset map's page only."""
    origin = tile_origin()
    if not origin:
        return POLICY
    return POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


@require_safe
def assets(request: HttpRequest) -> HttpResponse:
    form, found = search(request.user, request.GET)
    page = Paginator(for_list(found), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for asset in page.object_list:
        asset.place_shown = place_visible(request.user, asset)
    response = render(
        request,
        "community/assets.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(form.cleaned_data.values()),
            "organisations": Organisation.objects.order_by("slug")[:20],
            "tile_url": settings.ASSET_MAP_TILE_URL,
            "tile_attribution": settings.ASSET_MAP_ATTRIBUTION,
            "page_title": _("Community strengths: the asset map"),
        },
    )
    response["Content-Security-Policy"] = map_policy()
    return response


@require_safe
def map_data(request: HttpRequest) -> JsonResponse:
    """The points of what the list shows (same search and filters), for the map, in a compact form (listing.py):
    coordinates only where the reader may see the place."""
    _form, found = search(request.user, request.GET)
    return JsonResponse(map_features(request.user, found), json_dumps_params={"separators": (",", ":")})


@require_safe
def asset(request: HttpRequest, pk: int) -> HttpResponse:
    item = asset_for_reading(request, pk)
    return render(
        request,
        "community/asset.html",
        {
            "asset": item,
            "place_shown": place_visible(request.user, item),
            "can_change": request.user.has_perm("community.change_asset", item),
            "is_holder": request.user.is_authenticated and item.holder_user_id == request.user.pk,
            "page_title": item.name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-offer", limit=10, window=3600)
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = OfferForm(request.POST or None, initial={"holder_name": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {name: data[name] for name in ("name", "description", "place_name", "how_to_reach", "availability")}
        actions.do_offer_strength(request.user, organisation, texts, data, themes=data["themes"])
        messages.success(
            request, _("Thank you. A facilitator will read your offer; you can see what they decide on this page.")
        )
        return redirect("community:mine")
    return render_form_page(
        request,
        "community/offer.html",
        {"form": form, "organisation": organisation, "page_title": _("Offer a strength")},
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    offers = Asset.objects.filter(holder_user=request.user).select_related("organisation").order_by("-created_at")
    return render(request, "community/mine.html", {"offers": offers, "page_title": _("The strengths you offered")})


# --- Communities set agendas too ---


@require_safe
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The questions people proposed to an organisation, most supported first among the open ones, with its answers."""
    organisation = get_object_or_404(Organisation, slug=slug)
    rows = (
        ProposedQuestion.objects.filter(organisation=organisation)
        .select_related("engagement")
        .annotate(n_supports=Count("supports"))
        .order_by("status", "-n_supports", "-created_at", "-pk")
    )
    supported = (
        set(
            QuestionSupport.objects.filter(user=request.user, question__organisation=organisation).values_list(
                "question_id", flat=True
            )
        )
        if request.user.is_authenticated
        else set()
    )
    return render(
        request,
        "community/questions.html",
        {
            "organisation": organisation,
            "questions": rows,
            "supported": supported,
            "can_answer": request.user.has_perm("community.manage_assets", organisation),
            "page_title": _("Questions people want asked"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-question", limit=10, window=3600)
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = ProposeQuestionForm(request.POST or None, initial={"name": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_propose_question(
            request.user, organisation, data["question"], data["why"], data["name"], current_language()
        )
        messages.success(
            request, _("Your question has been sent. Others can now support it, and the organisation will answer here.")
        )
        return redirect("community:questions", organisation.slug)
    return render_form_page(
        request,
        "community/propose.html",
        {"form": form, "organisation": organisation, "page_title": _("Propose a question")},
    )


@login_required
@require_http_methods(["POST"])
@limit_writes("community-support")
def support(request: HttpRequest, pk: int) -> HttpResponse:
    proposed = get_object_or_404(ProposedQuestion.objects.select_related("organisation"), pk=pk)
    try:
        actions.do_support_question(request.user, proposed)
    except actions.AssetRefused:
        messages.info(request, _("The organisation has answered this question already."))
    else:
        messages.success(request, _("Thank you for your support."))
    return redirect(f"{reverse('community:questions', args=[proposed.organisation.slug])}#question-{proposed.pk}")
