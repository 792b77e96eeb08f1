"""The staff side of the asset map: an organisation's assets and the strengths people offered (add, edit, publish,
decline), and the assets an engagement draws on and its proposals would use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.community import actions
from coproduce.community.access import asset_with_permission
from coproduce.community.forms import AnswerQuestionForm, AssetForm, ChooseAssetsForm, ReviewForm
from coproduce.community.links import drawable_assets
from coproduce.community.models import Asset, EngagementAsset, ProposalAsset, ProposedQuestion
from coproduce.core.forms import bilingual_initial, render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_with_permission, organisation_for
from coproduce.engagements.models import Engagement
from coproduce.proposals.models import Proposal

PER_PAGE = 50
TEXTS = actions.TEXT_FIELDS


@login_required
@require_safe
def organisation_assets(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, "community.manage_assets")
    status = request.GET.get("status", "")
    rows = Asset.objects.filter(organisation=organisation)
    counts = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    if status in Asset.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.select_related("holder_user").order_by("status", "name", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/staff_assets.html",
        {
            "organisation": organisation,
            "page": page,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Asset.Status.choices],
            "page_title": _("Asset map: %(organisation)s") % {"organisation": organisation.name},
        },
    )


def _texts(form: AssetForm) -> dict:
    return {name: form.texts(name) for name in TEXTS}


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-asset")
def asset_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, "community.manage_assets")
    form = AssetForm(request.POST or None, initial={"visibility": Asset.Visibility.PUBLIC})
    if request.method == "POST" and form.is_valid():
        asset = actions.do_create_asset(
            request.user, organisation, _texts(form), form.cleaned_data, themes=form.cleaned_data["themes"]
        )
        messages.success(request, _("The asset has been added to the map."))
        return redirect(asset)
    return render_form_page(
        request,
        "community/staff_asset_form.html",
        {"form": form, "organisation": organisation, "page_title": _("Add an asset")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-asset")
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = asset_with_permission(request, pk, "community.change_asset")
    initial = {
        **bilingual_initial(asset, *TEXTS),
        **{name: getattr(asset, name) for name in actions.PLAIN_FIELDS},
        "themes": list(asset.themes.all()),
    }
    form = AssetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_asset(
                request.user, asset, _texts(form), form.cleaned_data, themes=form.cleaned_data["themes"]
            )
        except actions.AssetRefused:
            form.add_error("visibility", _("The person did not agree to their strength being shown to everyone."))
        else:
            messages.success(request, _("The asset has been saved."))
            return redirect(asset)
    return render_form_page(
        request,
        "community/staff_asset_form.html",
        {"form": form, "organisation": asset.organisation, "asset": asset, "page_title": _("Edit an asset")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-review")
def asset_review(request: HttpRequest, pk: int) -> HttpResponse:
    asset = asset_with_permission(request, pk, "community.review_asset")
    if asset.status != Asset.Status.OFFERED:
        messages.info(request, _("This asset has been decided on already."))
        return redirect("community_staff:organisation_assets", asset.organisation.slug)
    form = ReviewForm(request.POST or None, asset=asset, initial={"visibility": asset.visibility})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "publish":
            actions.do_publish_asset(request.user, asset, form.cleaned_data["visibility"])
            messages.success(request, _("The strength has been published."))
        else:
            actions.do_decline_asset(request.user, asset, form.texts("reason"))
            messages.success(request, _("The offer has been declined; the person can read your reason."))
        return redirect("community_staff:organisation_assets", asset.organisation.slug)
    return render_form_page(
        request,
        "community/staff_review.html",
        {"form": form, "asset": asset, "page_title": _("Publish or decline an offered strength")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-choose")
def engagement_assets(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "community.choose_engagement_assets")
    chosen = list(EngagementAsset.objects.filter(engagement=engagement).values_list("asset_id", flat=True))
    form = ChooseAssetsForm(
        request.POST or None,
        queryset=drawable_assets(request.user, engagement).filter(Q(pk__in=chosen) | Q(status=Asset.Status.PUBLISHED)),
        label=_("The assets this engagement can draw on"),
        initial={"assets": chosen},
    )
    if request.method == "POST" and form.is_valid():
        actions.do_set_engagement_assets(request.user, engagement, form.cleaned_data["assets"])
        messages.success(request, _("The assets this engagement draws on have been saved."))
        return redirect("community_staff:engagement_assets", engagement.slug)
    return render_form_page(
        request,
        "community/staff_engagement_assets.html",
        {
            "engagement": engagement,
            "form": form,
            "section": "assets",
            "organisation_assets_url": reverse(
                "community_staff:organisation_assets", args=[engagement.organisation.slug]
            )
            if request.user.has_perm("community.manage_assets", engagement.organisation)
            else "",
            "page_title": _("Strengths to draw on"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-choose")
def proposal_assets(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "community.choose_engagement_assets")
    proposal = get_object_or_404(Proposal, engagement=engagement, pk=pk)
    if proposal.is_hidden:
        raise PermissionDenied
    chosen = list(ProposalAsset.objects.filter(proposal=proposal).values_list("asset_id", flat=True))
    form = ChooseAssetsForm(
        request.POST or None,
        queryset=drawable_assets(request.user, engagement).filter(Q(pk__in=chosen) | Q(status=Asset.Status.PUBLISHED)),
        label=_("The assets this proposal would use"),
        initial={"assets": chosen},
    )
    if request.method == "POST" and form.is_valid():
        actions.do_set_proposal_assets(request.user, proposal, form.cleaned_data["assets"])
        messages.success(request, _("The assets this proposal would use have been saved."))
        return redirect("proposals:detail", engagement.slug, proposal.pk)
    return render_form_page(
        request,
        "community/staff_proposal_assets.html",
        {
            "engagement": engagement,
            "proposal": proposal,
            "form": form,
            "section": "assets",
            "page_title": _("Assets this proposal would use"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("community-answer")
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposed = get_object_or_404(ProposedQuestion.objects.select_related("organisation"), pk=pk)
    organisation = organisation_for(request, proposed.organisation.slug, "community.manage_assets")
    if proposed.status != ProposedQuestion.Status.OPEN:
        messages.info(request, _("The organisation has answered this question already."))
        return redirect("community:questions", organisation.slug)
    form = AnswerQuestionForm(
        request.POST or None, engagements=Engagement.objects.filter(organisation=organisation).order_by("-created_at")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_answer_question(
            request.user,
            proposed,
            data["decision"],
            form.texts("response"),
            data["engagement"] if data["decision"] == "taken_up" else None,
        )
        messages.success(request, _("Your answer has been published."))
        return redirect("community:questions", organisation.slug)
    return render_form_page(
        request,
        "community/staff_question_answer.html",
        {
            "form": form,
            "question": proposed,
            "organisation": organisation,
            "page_title": _("Answer a proposed question"),
        },
    )
