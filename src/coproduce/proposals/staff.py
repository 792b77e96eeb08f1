"""The facilitators' side: every proposal (drafts, suggested options, hidden ones), status, boundary check,
moderation of proposals and comments, and recording decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_for_managing
from coproduce.engagements.models import Feature
from coproduce.proposals import actions, scoring
from coproduce.proposals.forms import BoundaryForm, DecisionForm, ModerationForm, PrioritisationSettingsForm, StatusForm
from coproduce.proposals.models import Comment, Proposal
from coproduce.proposals.views import ENGAGEMENTS, detail_context


def _managed(request: HttpRequest, slug: str):
    return engagement_for_managing(request, slug, ENGAGEMENTS)


@login_required
@require_safe
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _managed(request, slug)
    rows = (
        Proposal.objects.filter(engagement=engagement)
        .annotate(n_comments=Count("comments", distinct=True), n_expert=Count("expert_inputs", distinct=True))
        .order_by("status", "-created_at")
    )
    comments = (
        Comment.objects.filter(proposal__engagement=engagement).select_related("proposal").order_by("-created_at")[:200]
    )
    return render(
        request,
        "proposals/staff_proposals.html",
        {
            "engagement": engagement,
            "proposals": rows,
            "comments": comments,
            "moderation_form": ModerationForm(),
            "section": "proposals",
            "page_title": _("Proposals and comments"),
        },
    )


def _proposal(engagement, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.filter(engagement=engagement).select_related("author_user"), pk=pk)
    proposal.engagement = engagement
    return proposal


@login_required
@require_POST
@limit_writes("staff_write")
def status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    proposal = _proposal(engagement, pk)
    form = StatusForm(request.POST, prefix="status")
    if not form.is_valid():
        return render(
            request,
            "proposals/detail.html",
            detail_context(request, engagement, proposal, status_form=form),
            status=400,
        )
    actions.do_set_status(request.user, proposal, form.cleaned_data["status"], form.cleaned_data["reason"].strip())
    messages.success(
        request, _("The status has been changed to: %(status)s.") % {"status": proposal.get_status_display()}
    )
    return redirect(proposal)


@login_required
@require_POST
@limit_writes("staff_write")
def boundary(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    proposal = _proposal(engagement, pk)
    form = BoundaryForm(request.POST, prefix="boundary")
    if not form.is_valid():
        return render(
            request,
            "proposals/detail.html",
            detail_context(request, engagement, proposal, boundary_form=form),
            status=400,
        )
    actions.do_check_boundary(request.user, proposal, form.cleaned_data["boundary"], form.cleaned_data["note"].strip())
    messages.success(request, _("The boundary check has been saved."))
    return redirect(proposal)


@login_required
@require_POST
@limit_writes("staff_write")
def moderate_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    proposal = _proposal(engagement, pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why it is hidden. Nothing was changed."))
    else:
        actions.do_moderate(
            request.user,
            engagement,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            proposal=proposal,
        )
        messages.success(request, _("Proposal hidden.") if proposal.is_hidden else _("Proposal published."))
    return redirect("proposals_staff:proposals", engagement.slug)


@login_required
@require_POST
@limit_writes("staff_write")
def moderate_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    item = get_object_or_404(Comment.objects.filter(proposal__engagement=engagement), pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why it is hidden. Nothing was changed."))
    else:
        actions.do_moderate(
            request.user,
            engagement,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            comment=item,
        )
        messages.success(
            request, _("Comment hidden.") if item.status == Comment.Status.HIDDEN else _("Comment published.")
        )
    return redirect("proposals_staff:proposals", engagement.slug)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def decision_new(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _managed(request, slug)
    candidates = (
        Proposal.objects.filter(engagement=engagement, is_hidden=False)
        .filter(
            Q(status=Proposal.Status.SHORTLISTED) | Q(status=Proposal.Status.OPEN) | Q(status=Proposal.Status.DECIDED)
        )
        .order_by("status", "title")
    )
    form = DecisionForm(request.POST if request.method == "POST" else None, proposals=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = actions.do_record_decision(
            request.user,
            engagement,
            title=data["title"].strip(),
            decided_by=data["decided_by"].strip(),
            decided_on=data["decided_on"],
            reasons=data["reasons"].strip(),
            not_done=data["not_done"].strip(),
            proposals=list(data["proposals"]),
        )
        messages.success(request, _("The decision has been published."))
        return redirect(decision)
    return render(
        request,
        "proposals/staff_decision.html",
        {
            "engagement": engagement,
            "form": form,
            "section": "decisions",
            "page_title": _("Record a decision"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def prioritisation(request: HttpRequest, slug: str) -> HttpResponse:
    """How each phase with the prioritisation feature asks people to prioritise: pairs or dots."""
    engagement = _managed(request, slug)
    phases = [phase for phase in engagement.phases.all() if Feature.PRIORITISATION in phase.features]
    sent = request.POST.get("phase") if request.method == "POST" else None
    forms = []
    for phase in phases:
        bound = sent == str(phase.pk)
        form = PrioritisationSettingsForm(
            request.POST if bound else None, instance=scoring.settings_of(phase), prefix=f"phase-{phase.pk}"
        )
        if bound and form.is_valid():
            actions.do_configure_prioritisation(
                request.user, phase, form.cleaned_data["method"], form.cleaned_data["dots"]
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect("proposals_staff:prioritisation", engagement.slug)
        forms.append((phase, form))
    if request.method == "POST" and not any(str(phase.pk) == sent for phase in phases):
        messages.error(request, _("Choose a phase shown on this page. Nothing was saved."))
    return render(
        request,
        "proposals/staff_prioritisation.html",
        {
            "engagement": engagement,
            "phase_forms": forms,
            "form": next((f for _p, f in forms if f.errors), None),
            "section": "prioritisation",
            "page_title": _("Prioritisation settings"),
        },
        status=400 if request.method == "POST" else 200,
    )
