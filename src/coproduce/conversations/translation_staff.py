"""The translation queue of an engagement's statements: propose a translation, and a second person confirms it.

Facilitators, organisation admins and the engagement's translators use it (rule "conversations.translate"); the
actions (coproduce.translations.actions) refuse the rest: a hidden statement, a translation too long, the
proposer confirming their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.conversations.access import conversation_for_translating
from coproduce.conversations.forms import TranslationForm
from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement
from coproduce.core.ratelimit import limit_writes
from coproduce.translations import actions
from coproduce.translations.models import LANGUAGE_CODES, Translation, other_language

PER_PAGE = 25


def _refusal_message(error: actions.TranslationRefused) -> str:
    """What a refused translation tells the person, in their language; nothing was saved."""
    if isinstance(error, actions.NotTranslatable):
        return _("This statement is hidden or not yet published, so it cannot be translated. Nothing was saved.")
    if isinstance(error, actions.OwnTranslation):
        return _("You proposed this translation, so another person must confirm it. Nothing was changed.")
    if isinstance(error, actions.NothingToReview):
        return _("This translation has already been confirmed or rejected. Nothing was changed.")
    if isinstance(error, actions.AlreadyConfirmed):
        return _("This statement already has a confirmed translation. Nothing was saved.")
    if isinstance(error, actions.TranslationChanged):
        return _("The confirmed translation changed while you were writing. Read it again. Nothing was saved.")
    if isinstance(error, actions.TranslationTooLong):
        return _("The translation must be %(max)d characters or fewer. It has %(count)d.") % {
            "max": error.limit,
            "count": error.length,
        }
    if isinstance(error, actions.EmptyTranslation):
        return _("Enter the translation")
    if isinstance(error, actions.NoChange):
        return _("The correction is the same as the confirmed translation. Change the words, or go back.")
    return _("You cannot translate this statement. Nothing was saved.")


@dataclass
class Translations:
    """A statement's translation as readers see it (confirmed) and the one open: waiting for review, or the last
    rejected (a first translation, or a correction of the confirmed one)."""

    confirmed: Translation | None = None
    open: Translation | None = None


def _translations_of(statement_ids: list[int]) -> dict[int, Translations]:
    """The translations of each statement (into the language it was not written in), in one query."""
    rows = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Statement),
        object_id__in=statement_ids,
        field="text",
        status__in=[Translation.Status.CONFIRMED, *actions.OPEN],
    ).select_related("proposed_by")
    found: dict[int, Translations] = {pk: Translations() for pk in statement_ids}
    for row in rows:
        if row.status == Translation.Status.CONFIRMED:
            found[row.object_id].confirmed = row
        else:
            found[row.object_id].open = row
    return found


@login_required
@require_safe
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """Published statements with no confirmed translation, or a correction waiting for review, oldest first; or,
    with ?show=confirmed, those with a confirmed translation (to correct one). Filter by the language written in."""
    conversation = conversation_for_translating(request, slug)
    language = request.GET.get("language", "")
    if language not in LANGUAGE_CODES:
        language = ""
    show = "confirmed" if request.GET.get("show") == "confirmed" else ""
    of_statements = Translation.objects.filter(content_type=ContentType.objects.get_for_model(Statement), field="text")
    confirmed = of_statements.filter(status=Translation.Status.CONFIRMED).values("object_id")
    proposed = of_statements.filter(status=Translation.Status.PROPOSED).values("object_id")
    published = conversation.statements.filter(status=Statement.Status.PUBLISHED)
    if show:
        listed = published.filter(pk__in=confirmed)
    else:
        listed = published.exclude(Q(pk__in=confirmed) & ~Q(pk__in=proposed))
    listed = listed.order_by("created_at", "pk")
    if language:
        listed = listed.filter(language=language)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    translations = _translations_of([s.pk for s in rows])
    query = urlencode({key: value for key, value in (("language", language), ("show", show)) if value})
    query = f"{query}&" if query else ""
    return render(
        request,
        "conversations/translation_queue.html",
        {
            "engagement": conversation.engagement,
            "rows": [(statement, translations[statement.pk]) for statement in rows],
            "page": page,
            "language": language,
            "show": show,
            "query": query,
            "section": "translations",
            "page_title": _("Translations"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def translate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The original beside a box for its translation; the proposal waiting for review, with confirm and reject."""
    conversation = conversation_for_translating(request, slug)
    engagement = conversation.engagement
    statement = get_object_or_404(conversation.statements, pk=pk)
    queue_url = reverse("statement_translations:queue", args=[engagement.slug])
    statement.conversation = conversation  # the kind's rules read the engagement: no query
    if statement.status != Statement.Status.PUBLISHED:
        messages.error(request, _refusal_message(actions.NotTranslatable()))
        return redirect(queue_url)
    target = other_language(statement.language)
    translations = _translations_of([statement.pk])[statement.pk]
    confirmed, translation = translations.confirmed, translations.open
    shown = translation or confirmed
    initial = {"text": shown.text} if shown is not None else None
    form = TranslationForm(request.POST if request.method == "POST" else None, initial=initial)
    form.fields["text"].widget.attrs["lang"] = target
    if request.method == "POST" and form.is_valid():
        # The confirmed translation the person read, if any: what a correction replaces (a stale one is refused).
        correcting = request.POST.get("correcting", "")
        try:
            actions.do_propose_translation(
                request.user,
                statement,
                "text",
                form.cleaned_data["text"],
                target,
                correcting=int(correcting) if correcting.isdigit() else None,
            )
        except (actions.TranslationTooLong, actions.EmptyTranslation, actions.NoChange) as error:
            form.add_error("text", _refusal_message(error))
        except actions.TranslationRefused as error:
            messages.error(request, _refusal_message(error))
            return redirect(queue_url)
        else:
            messages.success(request, _("Translation proposed. Another person must confirm it before people see it."))
            return redirect(queue_url)
    return render(
        request,
        "conversations/translate.html",
        {
            "engagement": engagement,
            "statement": statement,
            "target": target,
            "target_name": dict(Translation._meta.get_field("language").flatchoices)[target],
            "translation": translation,
            "confirmed": confirmed,
            "may_review": translation is not None
            and translation.status == Translation.Status.PROPOSED
            and translation.proposed_by_id != request.user.pk,
            "form": form,
            "max_length": STATEMENT_MAX_LENGTH,
            "section": "translations",
            "page_title": _("Translate a statement"),
        },
    )


@login_required
@require_POST
@limit_writes("staff_write")
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm or reject the proposed translation of a statement: a second person, never its proposer."""
    conversation = conversation_for_translating(request, slug)
    engagement = conversation.engagement
    statement = get_object_or_404(conversation.statements, pk=pk)
    statement.conversation = conversation
    translation = _translations_of([statement.pk])[statement.pk].open
    decision = request.POST.get("decision")
    if translation is None or decision not in ("confirm", "reject"):
        messages.error(request, _("Choose to confirm or reject a proposed translation. Nothing was changed."))
        return redirect("statement_translations:translate", engagement.slug, statement.pk)
    translation.source = statement  # no query for the source: the accessor fetched it with its conversation
    try:
        if decision == "confirm":
            actions.do_confirm_translation(request.user, translation)
        else:
            actions.do_reject_translation(request.user, translation)
    except actions.TranslationRefused as error:
        messages.error(request, _refusal_message(error))
        return redirect("statement_translations:translate", engagement.slug, statement.pk)
    if decision == "confirm":
        messages.success(request, _("Translation confirmed. Readers of its language now see it."))
    else:
        messages.success(request, _("Translation rejected. The statement is back in the queue for a new translation."))
    return redirect("statement_translations:queue", engagement.slug)
