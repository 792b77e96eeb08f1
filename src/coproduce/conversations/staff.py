"""The facilitators' side of the conversation: moderation, seed statements, settings, live view, assisted entry."""

from __future__ import annotations

import re
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, Max, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.commonground import PolisFormatError
from coproduce.conversations import actions
from coproduce.conversations.access import conversation_for_managing
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.forms import (
    ConversationSettingsForm,
    ModerationForm,
    PolisImportForm,
    SeedStatementForm,
)
from coproduce.conversations.models import ModerationDecision, Statement, Vote
from coproduce.conversations.results import current_results, fresh_snapshot
from coproduce.core.projector import render_projector
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import organisation_for
from coproduce.engagements.models import Participant
from coproduce.translations.models import Translation
from coproduce.translations.reading import with_translations


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def statements(request: HttpRequest, slug: str) -> HttpResponse:
    """Moderation queue and every statement, with the seed-statement and settings forms."""
    conversation = conversation_for_managing(request, slug)
    engagement = conversation.engagement
    seed_form = SeedStatementForm(request.POST if request.POST.get("form") == "seed" else None, prefix="seed")
    settings_form = ConversationSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None, instance=conversation, prefix="settings"
    )
    if request.method == "POST":
        if request.POST.get("form") == "seed" and seed_form.is_valid():
            try:
                actions.do_write_statement(
                    conversation,
                    seed_form.cleaned_data["text"],
                    author=None,
                    origin=Statement.Origin.SEED,
                    actor=request.user,
                    language=seed_form.language_of(default=get_language()),
                    translation=seed_form.cleaned_data["translation"],
                )
            except actions.DuplicateStatement:
                seed_form.add_error("text", _("This statement is already in the conversation."))
            else:
                messages.success(request, _("Seed statement added."))
                return redirect("conversations_staff:statements", engagement.slug)
        elif request.POST.get("form") == "settings" and settings_form.is_valid():
            actions.do_change_conversation_settings(request.user, conversation, settings_form)
            messages.success(request, _("Your changes have been saved."))
            return redirect("conversations_staff:statements", engagement.slug)
    filters = _statement_filters(request)
    listed = conversation.statements.all()
    if filters["status"]:
        listed = listed.filter(status=filters["status"])
    if filters["q"]:
        listed = listed.filter(text__icontains=filters["q"])
    # Waiting for moderation first (the queue), then published, then hidden; the newest first in each.
    queue_order = Case(
        When(status=Statement.Status.PENDING, then=Value(0)),
        When(status=Statement.Status.PUBLISHED, then=Value(1)),
        default=Value(2),
    )
    page = Paginator(
        with_translations(listed).order_by(queue_order, "-created_at", "-pk"), STATEMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # The page's vote counts in one grouped query over its statements only (an annotation over every statement's
    # votes would count a quarter of a million votes to show fifty rows).
    counts: dict[tuple[int, int], int] = {
        (statement_id, value): n
        for statement_id, value, n in Vote.objects.filter(statement_id__in=[s.pk for s in rows])
        .values_list("statement_id", "value")
        .annotate(n=Count("pk"))
        .values_list("statement_id", "value", "n")
    }
    for statement in rows:
        statement.n_agree = counts.get((statement.pk, 1), 0)
        statement.n_disagree = counts.get((statement.pk, -1), 0)
        statement.n_pass = counts.get((statement.pk, 0), 0)
    by_status = dict(conversation.statements.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    query = urlencode({key: value for key, value in filters.items() if value})
    form = (
        seed_form
        if request.POST.get("form") == "seed"
        else settings_form
        if request.POST.get("form") == "settings"
        else None
    )
    return render(
        request,
        "conversations/staff_statements.html",
        {
            "engagement": engagement,
            "conversation": conversation,
            "statements": rows,
            "page": page,
            "filters": filters,
            "query": f"{query}&" if query else "",
            "back": urlencode({**{key: value for key, value in filters.items() if value}, "page": page.number}),
            "status_counts": [(value, label, by_status.get(value, 0)) for value, label in Statement.Status.choices],
            "all_count": sum(by_status.values()),
            "seed_form": seed_form,
            "settings_form": settings_form,
            "form": form,
            "moderation_form": ModerationForm(),
            "section": "statements",
            "page_title": _("Statements and moderation"),
        },
    )


STATEMENTS_PER_PAGE = 50


def _statement_filters(request: HttpRequest, source=None) -> dict[str, str]:
    """The statements page's filters, from its query (or a moderation form's `back`): a status and words."""
    source = request.GET if source is None else source
    status = source.get("status", "")
    return {
        "status": status if status in Statement.Status.values else "",
        "q": source.get("q", "")[:200],
    }


@login_required
@require_POST
@limit_writes("staff_write")
def moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = conversation_for_managing(request, slug)
    statement = get_object_or_404(conversation.statements, pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why the statement is hidden. Nothing was changed."))
    else:
        actions.do_moderate_statement(request.user, statement, form.cleaned_data["action"], form.cleaned_data["reason"])
        messages.success(
            request, _("Statement hidden.") if form.cleaned_data["action"] == "hide" else _("Statement published.")
        )
    # Back to the list as it was (its filters and page), read again through the filters: never an address given.
    back = QueryDict(request.POST.get("back", ""))
    kept = {key: value for key, value in _statement_filters(request, back).items() if value}
    if back.get("page", "").isdigit():
        kept["page"] = back["page"]
    url = reverse("conversations_staff:statements", args=[conversation.engagement.slug])
    return redirect(f"{url}?{urlencode(kept)}" if kept else url)


def _live_counts(conversation) -> dict:
    return {
        "participant_count": Participant.objects.filter(
            engagement=conversation.engagement, consented_at__isnull=False
        ).count(),
        **Vote.objects.filter(conversation=conversation).aggregate(
            vote_count=Count("*"), latest_vote=Max("updated_at")
        ),
        "statement_count": conversation.statements.filter(status=Statement.Status.PUBLISHED).count(),
    }


def _live_version(conversation, snapshot, counts: dict) -> str:
    """What the live panel shows changes only with these: the counts, the analysis, the latest vote (a changed vote
    changes the figures, shown as they stand now: results.results_now, not the count), the statements published
    (their number is in the counts; a moderation decision changes which) and their confirmed translations. A few small
    queries, so that an unchanged poll costs no rendering (core.projector)."""
    translations = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Statement),
        object_id__in=conversation.statements.values("pk"),
    ).aggregate(n=Count("pk"), latest=Max("reviewed_at"))
    decisions = ModerationDecision.objects.filter(statement__conversation=conversation).aggregate(latest=Max("pk"))
    return "|".join(
        str(part)
        for part in (
            snapshot.pk if snapshot else "-",
            counts["participant_count"],
            counts["vote_count"],
            counts["latest_vote"],
            counts["statement_count"],
            decisions["latest"],
            translations["n"],
            translations["latest"],
        )
    )


@login_required
@require_safe
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """A projector screen for workshops (core/projector_base.html): htmx refreshes the figures every few seconds, a
    meta refresh without JS. The panel is the results' first few statements of each kind (the setting
    COPRODUCE_PROJECTOR_TOP) and the map, a few kilobytes at any size; a poll when nothing changed is answered 304
    before anything is built (_live_version)."""
    conversation = conversation_for_managing(request, slug)
    engagement = conversation.engagement
    snapshot = fresh_snapshot(conversation)
    counts = _live_counts(conversation)

    def context() -> dict:
        return {
            "engagement": engagement,
            **counts,
            **current_results(conversation, None, snapshot=snapshot, top=settings.COPRODUCE_PROJECTOR_TOP),
            "page_title": _("Live view"),
        }

    return render_projector(
        request,
        "conversations/live.html",
        "conversations/_live_panel.html",
        context,
        join_url=request.build_absolute_uri(reverse("engagements:take_part", args=[engagement.slug])),
        join_label=_("QR code to take part in %(title)s") % {"title": engagement.title},
        version=_live_version(conversation, snapshot, counts),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write", limit=60)
def assisted(request: HttpRequest, slug: str) -> HttpResponse:
    """Enter a paper or phone response on someone's behalf: a new participant marked as assisted.

    Bad input saves nothing and shows the page again with an error summary, each message beside its question, and
    every answer as the facilitator gave it (an answer that is not one of the choices is shown unanswered)."""
    conversation = conversation_for_managing(request, slug)
    engagement = conversation.engagement
    published = list(with_translations(conversation.statements.filter(status=Statement.Status.PUBLISHED)))
    perspectives = list(engagement.perspectives.all())
    sent = request.POST if request.method == "POST" else {}
    # Each question as shown: what was chosen ("" is "Not answered"; None, nothing chosen) and its error message.
    rows = []
    choices = {}
    for statement in published:
        raw = sent.get(f"s{statement.pk}", "")
        row = {"statement": statement, "value": raw, "error": None}
        if raw in {"1", "0", "-1"}:
            choices[statement] = int(raw)
        elif raw != "":
            row.update(value=None, error=_("Choose one of the answers shown"))
        rows.append(row)
    perspective_value = sent.get("perspective", "")
    perspective = next((p for p in perspectives if str(p.pk) == perspective_value), None)
    perspective_error = None
    consent = sent.get("consent") == "yes"
    consent_error = None
    if request.method == "POST":
        if perspective_value and perspective is None:
            perspective_value, perspective_error = None, _("Choose one of the perspectives shown")
        if not choices and not any(row["error"] for row in rows) and rows:
            rows[0]["error"] = _("Enter at least one answer")
        if not consent:
            consent_error = _("Confirm that the person agreed to the privacy notice")
    # The error summary, in the order of the page: each message links to its question (a group of radios through
    # its first choice, as GOV.UK does).
    errors = []
    if perspective_error:
        errors.append({"target": "perspective-none" if perspectives else None, "message": perspective_error})
    errors += [{"target": f"s{row['statement'].pk}-agree", "message": row["error"]} for row in rows if row["error"]]
    if request.method == "POST" and not published:
        errors.append({"target": None, "message": _("Enter at least one answer")})
    if consent_error:
        errors.append({"target": "consent", "message": consent_error})
    if request.method == "POST" and not errors:
        stored = actions.do_enter_assisted_response(request.user, engagement, perspective, choices)
        messages.success(request, _("The response has been saved as an assisted response."))
        # A statement hidden while the form was being filled in stores nothing: say so rather than lose it quietly.
        if stored < len(choices):
            messages.warning(
                request,
                ngettext(
                    "%(count)d answer was not saved: its statement was hidden while you were entering the response.",
                    "%(count)d answers were not saved: their statements were hidden while you were entering the response.",
                    len(choices) - stored,
                )
                % {"count": len(choices) - stored},
            )
        return redirect("conversations_staff:assisted", engagement.slug)
    return render(
        request,
        "conversations/assisted.html",
        {
            "engagement": engagement,
            "rows": rows,
            "perspectives": perspectives,
            "perspective_value": perspective_value,
            "perspective_error": perspective_error,
            "consent": consent,
            "consent_error": consent_error,
            "errors": errors,
            "section": "assisted",
            "page_title": _("Enter a response on someone’s behalf"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("polis_import", limit=5, window=60)
def import_polis(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload a Polis export; it becomes a new private engagement of the organisation.

    The import runs in this request, all or nothing. While it runs, the page's script
    (static/coproduce/import-progress.js) asks import_polis_progress how far it has gone, under the token the form
    carries; without JavaScript the browser simply waits for the answer."""
    organisation = organisation_for(request, org_slug, "engagements.create_engagement")
    form = PolisImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    token = request.POST.get("progress", "") if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        report = _import_progress_reporter(request, organisation.pk, token)
        report("reading", 0, 0)
        with tempfile.TemporaryDirectory() as folder:
            for field, filename in POLIS_FILES.items():
                upload = form.cleaned_data.get(field)
                if upload:
                    with open(Path(folder) / filename, "wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
            try:
                polis = actions.read_polis_export(folder)
                conversation = actions.do_import_polis(
                    request.user, organisation, polis, title=form.cleaned_data["title"], progress=report
                )
            except PolisFormatError as error:
                form.add_error(
                    None, _("The export could not be read: %(problem)s. Nothing was imported.") % {"problem": error}
                )
            except actions.AlreadyImported as refusal:
                form.add_error(
                    None,
                    _(
                        "This export was already imported as “%(title)s”. Nothing was imported. To import it again, "
                        "delete that engagement first."
                    )
                    % {"title": refusal.engagement.title},
                )
            else:
                report("analysis", 0, 0)
                compute_snapshot(conversation)
                report("done", 0, 0)
                messages.success(request, _("Imported. The new engagement is private until you change who can see it."))
                return redirect("staff:engagement", conversation.engagement.slug)
        report("done", 0, 0)
    return render(
        request,
        "conversations/import_polis.html",
        {
            "organisation": organisation,
            "form": form,
            "progress_token": uuid.uuid4().hex,
            "page_title": _("Import a Polis conversation"),
        },
    )


# How long the progress of an import is kept after its last report (seconds): longer than any chunk takes.
IMPORT_PROGRESS_SECONDS = 600


def _import_progress_key(user_id: int, organisation_id: int, token: str) -> str:
    # The reader's own imports only: the key has the user's id, and the token is the form's random one.
    return f"polis-import-progress:{organisation_id}:{user_id}:{token}"


def _import_progress_reporter(request: HttpRequest, organisation_id: int, token: str):
    """progress(stage, done, total) for do_import_polis: kept in the cache, where import_polis_progress reads it
    (the cache is shared by the web processes: Redis in production). A token that is not the form's kind reports
    nothing."""
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        return lambda stage, done, total: None
    key = _import_progress_key(request.user.pk, organisation_id, token)

    def report(stage: str, done: int, total: int) -> None:
        cache.set(key, {"stage": stage, "done": done, "total": total}, timeout=IMPORT_PROGRESS_SECONDS)

    return report


def import_progress_text(stage: str, done: int, total: int) -> str:
    """The words for one progress report, in the reader's language."""
    counted = {
        "statements": _("Saving the statements: %(done)s of %(total)s"),
        "participants": _("Saving the participants: %(done)s of %(total)s"),
        "votes": _("Saving the votes: %(done)s of %(total)s"),
        "history": _("Saving the vote history: %(done)s of %(total)s"),
    }
    if stage in counted:
        return counted[stage] % {
            "done": number_format(done, force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }
    return {
        "reading": _("Reading the files…"),
        "analysis": _("Finding the opinion groups…"),
        "done": _("Finished."),
    }.get(stage, "")


@login_required
@require_safe
def import_polis_progress(request: HttpRequest, org_slug: str) -> JsonResponse:
    """How far the reader's import under ?token= has gone: {"stage", "done", "total", "text"} (empty before it
    starts). Polled by the import page's script while the upload's request runs."""
    organisation = organisation_for(request, org_slug, "engagements.create_engagement")
    token = request.GET.get("token", "")
    state = None
    if re.fullmatch(r"[0-9a-f]{32}", token):
        state = cache.get(_import_progress_key(request.user.pk, organisation.pk, token))
    state = state or {"stage": "", "done": 0, "total": 0}
    response = JsonResponse({**state, "text": import_progress_text(state["stage"], state["done"], state["total"])})
    response["Cache-Control"] = "no-store"
    return response


POLIS_FILES = {
    "comments": "comments.csv",
    "votes": "votes.csv",
    "participants_votes": "participants-votes.csv",
    "summary": "summary.csv",
}
