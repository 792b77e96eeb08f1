"""The public side of co-design and prioritisation: proposals, discussion, pairwise choices, results, decisions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.conversations.access import engagement_participant_or_redirect
from coproduce.conversations.analysis import latest_snapshot
from coproduce.conversations.models import Statement
from coproduce.core import bilingual
from coproduce.core.forms import render_form_page
from coproduce.core.privacy import small_numbers_threshold
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_for_viewing
from coproduce.engagements.models import Engagement, Feature
from coproduce.proposals import actions, scoring
from coproduce.proposals.access import author_or_redirect, priorities_visible, proposal_for_viewing, viewer
from coproduce.proposals.charts import bar_chart, interval_chart
from coproduce.proposals.diff import changed, word_diff
from coproduce.proposals.forms import (
    AmendForm,
    BoundaryForm,
    ChoiceForm,
    CommentForm,
    DotsForm,
    ExpertInputForm,
    ModerationForm,
    ProposalForm,
    StatusForm,
    SuggestOptionForm,
)
from coproduce.proposals.models import (
    Citation,
    Comment,
    Decision,
    DotAllocation,
    PairwiseChoice,
    PrioritisationSettings,
    Proposal,
    ProposalModeration,
)
from coproduce.translations.reading import prefetch_translations, with_translations

# The engagement with what every page here needs: its organisation and conversation (one query) and its phases.
ENGAGEMENTS = Engagement.objects.select_related("organisation", "conversation").prefetch_related("phases")


def _engagement(request: HttpRequest, slug: str) -> Engagement:
    return engagement_for_viewing(request, slug, ENGAGEMENTS)


def public_proposals(engagement: Engagement):
    return Proposal.objects.filter(engagement=engagement, is_hidden=False).exclude(status=Proposal.Status.DRAFT)


# Proposals a list shows a page at a time (the participants' list and the staff's).
PROPOSALS_PER_PAGE = 25


def proposal_filters(source, statuses) -> dict[str, str]:
    """A proposals list's filters, from its query (or a moderation form's `back`): a status of `statuses` and words
    (in the title or summary, in either language). Unknown values are ignored."""
    status = source.get("status", "")
    return {"status": status if status in statuses else "", "q": source.get("q", "")[:200]}


def filter_proposals(proposals, filters: dict[str, str]):
    if filters["status"]:
        proposals = proposals.filter(status=filters["status"])
    if filters["q"]:
        words = Q()
        for code in bilingual.LANGUAGES:
            words |= Q(**{f"title_{code}__icontains": filters["q"]}) | Q(**{f"summary_{code}__icontains": filters["q"]})
        proposals = proposals.filter(words)
    return proposals


def status_counts(proposals, statuses) -> list[tuple[str, str, int]]:
    """(status, its name, how many), in `statuses`' order: one grouped query."""
    counts = dict(proposals.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    labels = dict(Proposal.Status.choices)
    return [(value, labels[value], counts.get(value, 0)) for value in statuses]


def status_order(statuses) -> Case:
    """An ordering by status in `statuses`' order (the summary's): what matters first."""
    return Case(*(When(status=value, then=Value(i)) for i, value in enumerate(statuses)), default=Value(len(statuses)))


# What the participants' list shows, in the order of its summary: what was decided first.
PUBLIC_STATUSES = (
    Proposal.Status.DECIDED,
    Proposal.Status.SHORTLISTED,
    Proposal.Status.OPEN,
    Proposal.Status.NOT_TAKEN_FORWARD,
)


@require_safe
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The proposals, how many of each status first, then a page at a time, filtered by status and words with a
    plain GET form (it works without JavaScript)."""
    engagement = _engagement(request, slug)
    filters = proposal_filters(request.GET, PUBLIC_STATUSES)
    proposals = (
        filter_proposals(public_proposals(engagement), filters)
        .select_related("author_user")
        .annotate(
            n_citations=Count("citations", distinct=True),
            n_comments=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True),
            n_expert=Count("expert_inputs", distinct=True),
        )
        .order_by(status_order(PUBLIC_STATUSES), "-created_at", "-pk")
    )
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    counts = status_counts(public_proposals(engagement), PUBLIC_STATUSES)
    me = viewer(request, engagement)
    mine = []
    if me.participant is not None or me.user is not None:
        own = Q(author_participant=me.participant) if me.participant else Q(author_user=me.user)
        mine = list(Proposal.objects.filter(own, engagement=engagement, status=Proposal.Status.DRAFT, is_hidden=False))
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "proposals/list.html",
        {
            "engagement": engagement,
            "proposals": page.object_list,
            "page": page,
            "filters": filters,
            "query": f"{query}&" if query else "",
            "status_counts": counts,
            "all_count": sum(n for _value, _label, n in counts),
            "my_drafts": mine,
            "can_write": engagement.feature_enabled(Feature.PROPOSALS),
            "prioritising": engagement.feature_enabled(Feature.PRIORITISATION),
            "can_manage": request.user.has_perm("proposals.manage", engagement),
            "page_title": _("Proposals: %(title)s") % {"title": engagement.title},
        },
    )


def citable_statements(engagement: Engagement):
    """Published statements of the engagement's conversation, common ground first; and the common-ground ids."""
    conversation = getattr(engagement, "conversation", None)
    if conversation is None:
        return Statement.objects.none(), frozenset()
    snapshot = latest_snapshot(conversation)
    common = frozenset(
        int(item["id"]) for item in (snapshot.data.get("summaries", {}).get("common_ground", []) if snapshot else [])
    )
    statements = Statement.objects.filter(conversation=conversation, status=Statement.Status.PUBLISHED).order_by("pk")
    # Their confirmed translations in the same query: each choice shows its statement in the reader's language.
    return with_translations(statements), common


@require_http_methods(["GET", "POST"])
@limit_writes("proposal", limit=10, window=60)
def write(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    if not engagement.feature_enabled(Feature.PROPOSALS):
        messages.info(request, _("Writing proposals is not open at the moment."))
        return redirect("proposals:list", engagement.slug)
    author, redirect_response = author_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    statements, common = citable_statements(engagement)
    form = ProposalForm(request.POST if request.method == "POST" else None, statements=statements, common_ground=common)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # In a pre-moderated engagement a participant's proposal waits, as a draft, for a facilitator to open it.
        checked_first = author.user is None and actions.pre_moderated(engagement)
        proposal = actions.do_write_proposal(
            engagement,
            author,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            statements=list(data["statements"].select_related("conversation")),
            status=Proposal.Status.DRAFT if checked_first else Proposal.Status.OPEN,
        )
        if checked_first:
            messages.success(
                request, _("Thank you. Your proposal will be published once a facilitator has checked it.")
            )
        else:
            messages.success(request, _("Thank you. Your proposal has been published for comments."))
        return redirect(proposal)
    # Common ground first in the list of choices (the order is only for the page).
    cited_first = sorted(form["statements"], key=lambda choice: int(str(choice.data["value"])) not in common)
    return render(
        request,
        "proposals/write.html",
        {
            "engagement": engagement,
            "form": form,
            "statement_choices": cited_first,
            "page_title": _("Write a proposal"),
        },
    )


def detail_context(request: HttpRequest, engagement: Engagement, proposal: Proposal, **forms) -> dict:
    """Everything the proposal page shows, in a fixed number of queries whatever the number of comments."""
    can_manage = request.user.has_perm("proposals.manage", engagement)
    # Managers see hidden comments too (marked), so that they can publish them again.
    comments = proposal.comments.select_related("author_user").order_by("created_at", "pk")
    comments = list(comments if can_manage else comments.filter(status=Comment.Status.PUBLISHED))
    threads = [c for c in comments if c.parent_id is None]
    by_parent: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id is not None:
            by_parent.setdefault(c.parent_id, []).append(c)
    for c in threads:
        c.thread_replies = by_parent.get(c.pk, [])
    me = viewer(request, engagement)
    citations = list(
        proposal.citations.select_related("statement").filter(statement__status=Statement.Status.PUBLISHED)
    )
    prefetch_translations(citation.statement for citation in citations)  # in the reader's language: one query
    open_statuses = (Proposal.Status.DRAFT, Proposal.Status.OPEN)
    context = {
        "engagement": engagement,
        "proposal": proposal,
        "citations": citations,
        "expert_inputs": proposal.expert_inputs.select_related("expert"),
        "threads": threads,
        "decisions": proposal.decisions.all(),
        "versions": proposal.versions.count(),
        "can_comment": engagement.feature_enabled(Feature.COMMENTS) and proposal.is_public,
        "can_give_expert_input": engagement.feature_enabled(Feature.EXPERT_INPUT)
        and request.user.has_perm("proposals.give_expert_input", engagement),
        "can_amend": me.owns(proposal)
        and proposal.status in open_statuses
        and engagement.feature_enabled(Feature.PROPOSALS),
        "can_manage": can_manage,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "reply_to": forms.get("reply_to"),
        "expert_form": forms.get("expert_form") or ExpertInputForm(prefix="expert"),
        "page_title": proposal.title,
    }
    if can_manage:
        context.update(
            status_form=forms.get("status_form")
            or StatusForm(
                prefix="status", initial={"status": proposal.status, **_initial(proposal, "status_reason", "reason")}
            ),
            boundary_form=forms.get("boundary_form")
            or BoundaryForm(
                prefix="boundary",
                initial={"boundary": proposal.boundary, **_initial(proposal, "boundary_note", "note")},
            ),
            moderation_form=ModerationForm(),
        )
    # The error summary shows the form that was sent back with errors (one at a time).
    context["form"] = next((f for f in forms.values() if hasattr(f, "errors") and f.errors), None)
    return context


def _initial(proposal: Proposal, field: str, name: str) -> dict[str, str]:
    """A side-by-side form's initial texts for a translated field it names differently."""
    return {f"{name}_{code}": text for code, text in bilingual.texts(proposal, field).items()}


def detail_page(request: HttpRequest, engagement: Engagement, proposal: Proposal, **forms) -> HttpResponse:
    """The proposal page; answered with 400 when it shows a form sent back with errors."""
    context = detail_context(request, engagement, proposal, **forms)
    return render_form_page(request, "proposals/detail.html", context)


@require_safe
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    proposal = proposal_for_viewing(request, engagement, pk, Proposal.objects.select_related("author_user"))
    return detail_page(request, engagement, proposal)


@require_POST
@limit_writes("proposal_comment", limit=20, window=60)
def comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    proposal = proposal_for_viewing(request, engagement, pk, Proposal.objects.select_related("author_user"))
    if not (engagement.feature_enabled(Feature.COMMENTS) and proposal.is_public):
        messages.error(request, _("Comments are closed. Your comment was not saved."))
        return redirect(proposal)
    author, redirect_response = author_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data.get("parent"):
        parent = proposal.comments.filter(pk=form.cleaned_data["parent"], status=Comment.Status.PUBLISHED).first()
        if parent is None:
            form.add_error("text", _("The comment you replied to is no longer shown. Your reply was not saved."))
    if not form.is_valid():
        return detail_page(request, engagement, proposal, comment_form=form, reply_to=form.data.get("parent"))
    comment = actions.do_comment(proposal, author, form.cleaned_data["text"], parent)
    if comment.status == Comment.Status.PENDING:
        messages.success(request, _("Thank you. Your comment will appear once a facilitator has checked it."))
    else:
        messages.success(
            request,
            _("Thank you. Your reply has been added.") if parent else _("Thank you. Your comment has been added."),
        )
    return redirect(f"{proposal.get_absolute_url()}#comments")


@require_POST
@limit_writes("expert_input", limit=20, window=60)
def expert_input(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    proposal = proposal_for_viewing(request, engagement, pk, Proposal.objects.select_related("author_user"))
    if not request.user.has_perm("proposals.give_expert_input", engagement):
        raise PermissionDenied
    if not engagement.feature_enabled(Feature.EXPERT_INPUT):
        messages.error(request, _("Expert input is closed. Nothing was saved."))
        return redirect(proposal)
    form = ExpertInputForm(request.POST, prefix="expert")
    if not form.is_valid():
        return detail_page(request, engagement, proposal, expert_form=form)
    actions.do_give_expert_input(request.user, proposal, form.texts("text"))
    messages.success(request, _("Thank you. Your expert input has been added."))
    return redirect(f"{proposal.get_absolute_url()}#expert-input")


@require_http_methods(["GET", "POST"])
@limit_writes("proposal_amend", limit=10, window=60)
def amend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    proposal = proposal_for_viewing(request, engagement, pk)
    author, redirect_response = author_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    if not author.owns(proposal):
        raise PermissionDenied
    if proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.OPEN) or not engagement.feature_enabled(
        Feature.PROPOSALS
    ):
        messages.error(request, _("This proposal can no longer be amended."))
        return redirect(proposal)
    form = AmendForm(
        request.POST if request.method == "POST" else None,
        initial={"title": proposal.title, "summary": proposal.summary, "body": proposal.body},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not any(changed(getattr(proposal, f), data[f]) for f in ("title", "summary", "body")):
            form.add_error(None, _("Nothing has changed: change the title, summary or text, or go back."))
        else:
            actions.do_amend_proposal(
                proposal, author, title=data["title"], summary=data["summary"], body=data["body"], note=data["note"]
            )
            messages.success(request, _("Your amendment has been saved. Everyone can see what changed."))
            return redirect(proposal)
    return render(
        request,
        "proposals/amend.html",
        {
            "engagement": engagement,
            "proposal": proposal,
            "form": form,
            "page_title": _("Amend the proposal"),
        },
    )


def _diff_language(previous, version, name: str) -> str:
    """The language two versions of a field are compared in: the reader's when both have a text in it, else the
    first of the fallbacks both have (a diff across two languages would say every word changed)."""
    _text, reader = bilingual.resolve(version, name)
    order = [reader, *(code for code in bilingual.LANGUAGES if code != reader)]
    both = [
        code
        for code in order
        if getattr(version, f"{name}_{code}", None) and (previous is None or getattr(previous, f"{name}_{code}", None))
    ]
    return both[0] if both else reader


@require_safe
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    proposal = proposal_for_viewing(request, engagement, pk)
    versions = list(proposal.versions.all())
    entries = []
    for previous, version in zip([None, *versions], versions):
        fields = []
        for name, label in (("title", _("Title")), ("summary", _("Summary")), ("body", _("The proposal in full"))):
            language = _diff_language(previous, version, name)
            old = (getattr(previous, f"{name}_{language}", None) or "") if previous else ""
            new = getattr(version, f"{name}_{language}", None) or ""
            if previous is None or changed(old, new):
                fields.append(
                    {
                        "label": label,
                        "segments": word_diff(old, new) if previous else [("equal", new)],
                        # Marked when the reader's language is not the one compared (WCAG 3.1.2).
                        "lang": language if language != bilingual.current_language() else "",
                    }
                )
        entries.append({"version": version, "fields": fields, "first": previous is None})
    return render(
        request,
        "proposals/history.html",
        {
            "engagement": engagement,
            "proposal": proposal,
            "entries": list(reversed(entries)),
            "page_title": _("History of the proposal"),
        },
    )


@require_safe
def moderation_log(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    decisions = ProposalModeration.objects.filter(engagement=engagement)[:500]
    return render(
        request,
        "proposals/moderation_log.html",
        {
            "engagement": engagement,
            "decisions": decisions,
            "page_title": _("Moderation log: proposals and comments"),
        },
    )


def _prioritisation_phase(engagement: Engagement):
    return next((p for p in engagement.current_phases() if Feature.PRIORITISATION in p.features), None)


@require_safe
def prioritise(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    phase = _prioritisation_phase(engagement)
    if phase is None:
        messages.info(request, _("Prioritisation is not open at the moment."))
        return redirect(engagement)
    participant, redirect_response = engagement_participant_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    choices = scoring.options(engagement)
    settings = scoring.settings_of(phase)
    if settings.method == PrioritisationSettings.Method.DOTS:
        mine = dict(DotAllocation.objects.filter(participant=participant).values_list("proposal_id", "dots"))
        form = DotsForm(options=choices, allowance=settings.dots, initial={f"option-{pk}": n for pk, n in mine.items()})
        return _dots_page(request, engagement, form, settings, bool(mine))
    pair = scoring.next_pair(engagement, participant, choices) if len(choices) >= 2 else None
    done = PairwiseChoice.objects.filter(participant=participant).count()
    context = {
        "engagement": engagement,
        "pair": pair,
        "enough": len(choices) >= 2,
        "done": done,
        "token": scoring.sign_pair(engagement, participant, *pair) if pair else None,
        "page_title": _("Which matters more to you?"),
    }
    template = "proposals/_pair_card.html" if request.htmx else "proposals/prioritise.html"
    return render(request, template, context)


def _chooser(request: HttpRequest, engagement: Engagement, closed: str):
    """(participant, open prioritisation phase, None) for a choice or dots sent in; or (None, None, where to send
    them instead): to take part first, or back to the engagement with the message `closed` once no phase is open."""
    participant, redirect_response = engagement_participant_or_redirect(request, engagement)
    if redirect_response:
        return None, None, redirect_response
    phase = _prioritisation_phase(engagement)
    if phase is None:
        messages.error(request, closed)
        return None, None, redirect(engagement)
    return participant, phase, None


@require_POST
@limit_writes("pairwise", limit=120, window=60)
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    participant, phase, elsewhere = _chooser(
        request, engagement, _("Prioritisation has closed. Your choice was not saved.")
    )
    if elsewhere:
        return elsewhere
    form = ChoiceForm(request.POST)
    shown = scoring.read_pair(form.data.get("pair", ""), engagement, participant) if form.is_valid() else None
    choice = form.data.get("choice", "")
    allowed = {str(shown.a), str(shown.b), "none"} if shown else set()
    if shown is None or choice not in allowed:
        messages.error(
            request, _("That choice could not be saved: choose one of the two options shown, or “I can’t decide”.")
        )
        return redirect("proposals:prioritise", engagement.slug)
    current = {p.pk: p for p in scoring.options(engagement)}
    if shown.a not in current or shown.b not in current:
        messages.error(
            request,
            _("One of those options is no longer being compared, so your choice was not saved. Here is another pair."),
        )
        return redirect("proposals:prioritise", engagement.slug)
    chosen = None if choice == "none" else current[int(choice)]
    actions.do_record_choice(participant, phase, current[shown.a], current[shown.b], chosen, shown.nonce)
    return redirect("proposals:prioritise", engagement.slug)


def _dots_page(request, engagement, form, settings, spread: bool) -> HttpResponse:
    return render_form_page(
        request,
        "proposals/dots.html",
        {
            "engagement": engagement,
            "form": form,
            "allowance": settings.dots,
            "spread": spread,
            "enough": len(form.options) >= 2,
            "page_title": _("Spread your dots"),
        },
    )


@require_POST
@limit_writes("dots", limit=30, window=60)
def dots(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    participant, phase, elsewhere = _chooser(
        request, engagement, _("Prioritisation has closed. Your dots were not saved.")
    )
    if elsewhere:
        return elsewhere
    settings = scoring.settings_of(phase)
    if settings.method != PrioritisationSettings.Method.DOTS:
        messages.error(request, _("This phase asks you to compare pairs, not to spread dots. Nothing was saved."))
        return redirect("proposals:prioritise", engagement.slug)
    form = DotsForm(request.POST, options=scoring.options(engagement), allowance=settings.dots)
    if not form.is_valid():
        return _dots_page(request, engagement, form, settings, False)
    actions.do_spread_dots(participant, phase, settings.dots, form.allocation())
    messages.success(
        request, _("Thank you. Your dots have been saved. You can change them until prioritisation closes.")
    )
    return redirect("proposals:prioritise", engagement.slug)


@require_http_methods(["GET", "POST"])
@limit_writes("suggest_option", limit=10, window=60)
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant adds an option they miss; a facilitator checks it (shortlists it, or says why not)."""
    engagement = _engagement(request, slug)
    if _prioritisation_phase(engagement) is None:
        messages.info(request, _("Prioritisation is not open at the moment."))
        return redirect(engagement)
    author, redirect_response = author_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    form = SuggestOptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_write_proposal(
            engagement,
            author,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            body="",
            statements=[],
            origin=Proposal.Origin.PRIORITISATION,
            status=Proposal.Status.DRAFT,
        )
        messages.success(
            request, _("Thank you. A facilitator will check your option before it is added to the choices.")
        )
        return redirect("proposals:prioritise", engagement.slug)
    return render(
        request,
        "proposals/suggest.html",
        {
            "engagement": engagement,
            "form": form,
            "page_title": _("Add a missing option"),
        },
    )


@require_safe
def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    if not priorities_visible(request, engagement):
        messages.info(request, _("Priorities will be shown once prioritisation starts."))
        return redirect(engagement)
    result = scoring.results(engagement)
    # The overall ranking, like every figure about people, only from the small-numbers threshold up
    # (core.privacy): with fewer people choosing, it could tell who chose what.
    pairwise_shown = scoring.ranking_shown(result["people"])
    if not pairwise_shown:
        result["rows"], result["perspectives"] = [], []
    chart = (
        interval_chart(
            result["rows"],
            title=_("Priorities"),
            description=_(
                "For each option, by its rank: the dot is the chance that people prefer it to an average option, "
                "the line its 95 per cent uncertainty interval. The table gives the same numbers."
            ),
        )
        if result["rows"]
        else None
    )
    dots_result = scoring.dots_results(engagement, result["options"])
    dots_shown = scoring.ranking_shown(dots_result["dots_people"])
    if not dots_shown:
        dots_result["dots_rows"], dots_result["dots_perspectives"] = [], []
    dots_chart = (
        bar_chart(
            dots_result["dots_rows"],
            title=_("Dots per option"),
            description=_(
                "For each option, by its rank: a bar as long as its share of all the dots. The table gives the same numbers."
            ),
        )
        if dots_result["dots_rows"]
        else None
    )
    return render(
        request,
        "proposals/priorities.html",
        {
            "engagement": engagement,
            "chart": chart,
            "small_cell": small_numbers_threshold(),
            "pairwise_waiting": not pairwise_shown and result["people"] > 0,
            "dots_waiting": not dots_shown and dots_result["dots_people"] > 0,
            **result,
            **dots_result,
            "dots_chart": dots_chart,
            "page_title": _("Priorities: %(title)s") % {"title": engagement.title},
        },
    )


@require_safe
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    items = Decision.objects.filter(engagement=engagement).prefetch_related("proposals")
    return render(
        request,
        "proposals/decisions.html",
        {
            "engagement": engagement,
            "decisions": items,
            "can_manage": request.user.has_perm("proposals.manage", engagement),
            "page_title": _("Decisions: %(title)s") % {"title": engagement.title},
        },
    )


@require_safe
def decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    item = get_object_or_404(Decision.objects.filter(engagement=engagement).select_related("recorded_by"), pk=pk)
    # Only statements still published: a statement hidden since must not reappear here.
    published = Citation.objects.filter(statement__status=Statement.Status.PUBLISHED).select_related("statement")
    taken_up = list(item.proposals.filter(is_hidden=False).prefetch_related(Prefetch("citations", queryset=published)))
    prefetch_translations(citation.statement for proposal in taken_up for citation in proposal.citations.all())
    return render(
        request,
        "proposals/decision.html",
        {
            "engagement": engagement,
            "decision": item,
            "taken_up": taken_up,
            "prioritised": scoring.prioritised(engagement),
            "page_title": item.title,
        },
    )
