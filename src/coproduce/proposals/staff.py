"""The facilitators' side: every proposal (drafts, suggested options, hidden ones), status, boundary check,
moderation of proposals and comments, and recording decisions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.forms import bilingual_initial, render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_for_managing, engagement_with_permission
from coproduce.engagements.models import Feature
from coproduce.engagements.staff import save_texts_page
from coproduce.proposals import actions, scoring
from coproduce.proposals.access import Author
from coproduce.proposals.forms import (
    BoundaryForm,
    DecisionForm,
    DecisionTextsForm,
    ExpertInputForm,
    ModerationForm,
    PrioritisationSettingsForm,
    ProposalTextsForm,
    StaffProposalForm,
    StatusForm,
)
from coproduce.proposals.models import Comment, Decision, ExpertInput, Proposal, ProposalModeration
from coproduce.proposals.views import (
    ENGAGEMENTS,
    citable_statements,
    detail_page,
    filter_proposals,
    proposal_filters,
    status_counts,
    status_order,
)


def _managed(request: HttpRequest, slug: str):
    return engagement_for_managing(request, slug, ENGAGEMENTS)


# Staff lists a page at a time, like the moderation queue of statements (conversations/staff.py).
STAFF_PROPOSALS_PER_PAGE = 50
COMMENTS_PER_PAGE = 50
# Drafts waiting for a facilitator first.
STAFF_STATUSES = tuple(Proposal.Status.values)


def _list_state(source) -> dict[str, str]:
    """The staff list's filters and both its pages (`page` for proposals, `comments` for comments), from its query
    or a moderation form's `back`: read through the filters, never an address given."""
    kept = {key: value for key, value in proposal_filters(source, STAFF_STATUSES).items() if value}
    for key in ("page", "comments"):
        if source.get(key, "").isdigit() and source[key] != "1":
            kept[key] = source[key]
    return kept


@login_required
@require_safe
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """Every proposal (drafts first), how many of each status, filtered by status and words, 50 a page; and the
    comments, waiting for moderation first then the newest, 50 a page."""
    engagement = _managed(request, slug)
    filters = proposal_filters(request.GET, STAFF_STATUSES)
    every = Proposal.objects.filter(engagement=engagement)
    rows = (
        filter_proposals(every, filters)
        .annotate(n_comments=Count("comments", distinct=True), n_expert=Count("expert_inputs", distinct=True))
        .order_by(status_order(STAFF_STATUSES), "-created_at", "-pk")
    )
    page = Paginator(rows, STAFF_PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
    comments = Paginator(
        Comment.objects.filter(proposal__engagement=engagement)
        .select_related("proposal")
        .order_by(pending_first, "-created_at", "-pk"),
        COMMENTS_PER_PAGE,
    ).get_page(request.GET.get("comments"))
    counts = status_counts(every, STAFF_STATUSES)
    chosen = {key: value for key, value in filters.items() if value}
    return render(
        request,
        "proposals/staff_proposals.html",
        {
            "engagement": engagement,
            "proposals": page.object_list,
            "page": page,
            "comments": comments.object_list,
            "comments_page": comments,
            "filters": filters,
            # Each list's page links keep the filters and the other list's page.
            "query": urlencode({**chosen, "comments": comments.number}) + "&",
            "comments_query": urlencode({**chosen, "page": page.number}) + "&",
            "back": urlencode({**chosen, "page": page.number, "comments": comments.number}),
            "status_counts": counts,
            "all_count": sum(n for _value, _label, n in counts),
            "hidden_count": every.filter(is_hidden=True).count(),
            "moderation_form": ModerationForm(),
            "section": "proposals",
            "page_title": _("Proposals and comments"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff write a proposal in English and Welsh, whether or not the proposals phase is open to participants:
    it is published at once, under the author's name, citing the statements it answers."""
    engagement = engagement_with_permission(request, slug, "proposals.write_as_staff", ENGAGEMENTS)
    statements, common = citable_statements(engagement)
    form = StaffProposalForm(
        request.POST if request.method == "POST" else None, statements=statements, common_ground=common
    )
    if request.method == "POST" and form.is_valid():
        proposal = actions.do_write_proposal(
            engagement,
            Author(user=request.user),
            **form.all_texts(),
            statements=list(form.cleaned_data["statements"].select_related("conversation")),
        )
        messages.success(request, _("The proposal has been published for comments."))
        return redirect(proposal)
    return render_form_page(
        request,
        "proposals/staff_proposal_new.html",
        {"engagement": engagement, "form": form, "section": "proposal_new", "page_title": _("Write a proposal")},
    )


def _proposal(request: HttpRequest, slug: str, pk: int) -> Proposal:
    """A proposal of an engagement this person manages, with that engagement (its phases prefetched)."""
    engagement = _managed(request, slug)
    proposal = get_object_or_404(Proposal.objects.filter(engagement=engagement).select_related("author_user"), pk=pk)
    proposal.engagement = engagement
    return proposal


@login_required
@require_POST
@limit_writes("staff_write")
def status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(request, slug, pk)
    form = StatusForm(request.POST, prefix="status")
    if not form.is_valid():
        return detail_page(request, proposal.engagement, proposal, status_form=form)
    actions.do_set_status(request.user, proposal, form.cleaned_data["status"], form.texts("reason"))
    messages.success(
        request, _("The status has been changed to: %(status)s.") % {"status": proposal.get_status_display()}
    )
    return redirect(proposal)


@login_required
@require_POST
@limit_writes("staff_write")
def boundary(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(request, slug, pk)
    form = BoundaryForm(request.POST, prefix="boundary")
    if not form.is_valid():
        return detail_page(request, proposal.engagement, proposal, boundary_form=form)
    actions.do_check_boundary(request.user, proposal, form.cleaned_data["boundary"], form.texts("note"))
    messages.success(request, _("The boundary check has been saved."))
    return redirect(proposal)


@login_required
@require_POST
@limit_writes("staff_write")
def moderate_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(request, slug, pk)
    return _moderate(request, proposal.engagement, _("Proposal hidden."), _("Proposal published."), proposal=proposal)


@login_required
@require_POST
@limit_writes("staff_write")
def moderate_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    item = get_object_or_404(Comment.objects.filter(proposal__engagement=engagement), pk=pk)
    return _moderate(request, engagement, _("Comment hidden."), _("Comment published."), comment=item)


def _moderate(request: HttpRequest, engagement, hidden: str, published: str, **target) -> HttpResponse:
    """Hide or publish `target` (proposal=… or comment=…) from the list of proposals and comments; say which."""
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why it is hidden. Nothing was changed."))
    else:
        decision = actions.do_moderate(
            request.user, engagement, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"], **target
        )
        messages.success(request, hidden if decision.action == ProposalModeration.Action.HIDE else published)
    # Back to the list as it was (its filters and pages), read again through the filters: never an address given.
    kept = _list_state(QueryDict(request.POST.get("back", "")))
    url = reverse("proposals_staff:proposals", args=[engagement.slug])
    return redirect(f"{url}?{urlencode(kept)}" if kept else url)


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
            **form.all_texts(),
            decided_on=data["decided_on"],
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


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def proposal_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A proposal's texts in English and Welsh: a participant's proposal arrives in the language they wrote it in."""
    proposal = _proposal(request, slug, pk)
    engagement = proposal.engagement
    names = ProposalTextsForm.bilingual
    form = ProposalTextsForm(
        request.POST if request.method == "POST" else None,
        proposal=proposal,
        initial=bilingual_initial(proposal, *names),
    )
    return save_texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_proposal_texts(request.user, proposal, **form.all_texts()),
        then=proposal,
        item=proposal,
        back_url=proposal.get_absolute_url(),
        section="proposals",
        page_title=_("The proposal in English and Welsh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def expert_input_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    item = get_object_or_404(
        ExpertInput.objects.filter(proposal__engagement=engagement).select_related("proposal"), pk=pk
    )
    item.proposal.engagement = engagement
    form = ExpertInputForm(request.POST if request.method == "POST" else None, initial=bilingual_initial(item, "text"))
    return save_texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_expert_input(request.user, item, form.texts("text")),
        then=f"{item.proposal.get_absolute_url()}#expert-input",
        item=item.proposal,
        back_url=item.proposal.get_absolute_url(),
        section="proposals",
        page_title=_("Expert input in English and Welsh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def decision_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    decision = get_object_or_404(Decision.objects.filter(engagement=engagement), pk=pk)
    decision.engagement = engagement
    form = DecisionTextsForm(
        request.POST if request.method == "POST" else None,
        initial=bilingual_initial(decision, *DecisionTextsForm.bilingual),
    )
    return save_texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_decision_texts(request.user, decision, **form.all_texts()),
        then=decision,
        item=decision,
        back_url=decision.get_absolute_url(),
        section="decisions",
        page_title=_("The decision in English and Welsh"),
    )
