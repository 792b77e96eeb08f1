"""The staff side of listening: conversations and their notes, challenges, the themes board, the mentor space,
the notes access log and erasure. Every view fetches through coproduce.listening.access (404/403 checks)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.conversations.actions import DuplicateStatement
from coproduce.core.forms import bilingual_initial
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_with_permission
from coproduce.engagements.staff import save_texts_page
from coproduce.listening import actions
from coproduce.listening.access import conversation_for, settings_of
from coproduce.listening.board import shared_challenges, themes_board
from coproduce.listening.forms import (
    ChallengeForm,
    ConsentForm,
    ConversationForm,
    EraseForm,
    LinkStatementForm,
    MentorSummaryForm,
    StatementFromChallengeForm,
    ThemeForm,
    WithdrawForm,
)
from coproduce.listening.models import ListeningConversation, MentorSummary, NotesAccess, Theme
from coproduce.translations.detect import detect_language


def _page(request: HttpRequest, template: str, engagement, section: str, title: str, **context) -> HttpResponse:
    return render(
        request,
        template,
        {"engagement": engagement, "section": section, "page_title": title, **context},
    )


@login_required
@require_safe
def conversations(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.list_conversations")
    rows = (
        ListeningConversation.objects.filter(engagement=engagement)
        .select_related("author", "perspective")
        .annotate(n_challenges=Count("challenges"))
    )
    if not request.user.has_perm("listening.list_all_conversations", engagement):
        rows = rows.filter(author=request.user)
    return _page(
        request,
        "listening/conversations.html",
        engagement,
        "conversations",
        _("One-to-one conversations"),
        conversations=rows,
        can_record=request.user.has_perm("listening.record_conversation", engagement),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def conversation_new(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.record_conversation")
    form = ConversationForm(request.POST if request.method == "POST" else None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        conversation = actions.do_record_conversation(request.user, engagement, form.conversation_data())
        messages.success(request, _("The conversation has been recorded."))
        return redirect("listening_staff:conversation", engagement.slug, conversation.pk)
    return _page(
        request, "listening/conversation_form.html", engagement, "conversations", _("Record a conversation"), form=form
    )


@login_required
@require_safe
def conversation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The conversation and its confidential notes: every view of the notes is written to the access log."""
    conversation = conversation_for(request, slug, pk, "listening.read_notes")
    if not conversation.notes_hidden:
        actions.do_log_notes_access(request.user, conversation)
    challenges = conversation.challenges.prefetch_related("themes").select_related("statement")
    is_author = request.user.has_perm("listening.change_conversation", conversation)
    return _page(
        request,
        "listening/conversation.html",
        conversation.engagement,
        "conversations",
        _("Conversation"),
        conversation=conversation,
        challenges=challenges,
        is_author=is_author,
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def conversation_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change the person's consent choices, or record that they withdrew it (a second form on the page)."""
    conversation = conversation_for(request, slug, pk, "listening.change_conversation")
    which = request.POST.get("form") if request.method == "POST" else None
    consent_form = ConsentForm(
        request.POST if which == "consent" else None,
        initial={"sharing": conversation.sharing, "quote": conversation.quote},
        prefix="consent",
    )
    withdraw_form = WithdrawForm(request.POST if which == "withdraw" else None, prefix="withdraw")
    if conversation.consent_withdrawn_at is not None and which:
        messages.info(request, _("Consent was already withdrawn. Nothing was changed."))
        return redirect("listening_staff:conversation", conversation.engagement.slug, conversation.pk)
    if which == "consent" and consent_form.is_valid():
        actions.do_change_consent(
            request.user, conversation, consent_form.cleaned_data["sharing"], consent_form.cleaned_data["quote"]
        )
        messages.success(request, _("The consent choices have been saved."))
        return redirect("listening_staff:conversation", conversation.engagement.slug, conversation.pk)
    if which == "withdraw" and withdraw_form.is_valid():
        actions.do_withdraw_consent(request.user, conversation)
        messages.success(
            request, _("Consent withdrawn. The notes are hidden and the challenges have left the themes board.")
        )
        return redirect("listening_staff:conversation", conversation.engagement.slug, conversation.pk)
    form = consent_form if which == "consent" else withdraw_form if which == "withdraw" else None
    return _page(
        request,
        "listening/consent.html",
        conversation.engagement,
        "conversations",
        _("Consent"),
        conversation=conversation,
        consent_form=consent_form,
        withdraw_form=withdraw_form,
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def challenge_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = conversation_for(request, slug, pk, "listening.change_conversation")
    engagement = conversation.engagement
    if not conversation.may_share_themes:
        messages.error(
            request,
            _(
                "The person did not agree to share anonymised themes, so no challenge can be taken from this conversation."
            ),
        )
        return redirect("listening_staff:conversation", engagement.slug, conversation.pk)
    form = ChallengeForm(request.POST if request.method == "POST" else None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_extract_challenge(
            request.user, conversation, data["text"], data["themes"], data["new_theme"], data["raised_to_mentor"]
        )
        messages.success(request, _("The challenge has been saved."))
        if request.POST.get("then") == "another":
            return redirect("listening_staff:challenge_new", engagement.slug, conversation.pk)
        return redirect("listening_staff:conversation", engagement.slug, conversation.pk)
    return _page(
        request,
        "listening/challenge_form.html",
        engagement,
        "conversations",
        _("Add a challenge"),
        conversation=conversation,
        form=form,
    )


@login_required
@require_safe
def challenges(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.manage_challenges")
    rows = (
        shared_challenges(engagement)
        .select_related("statement", "conversation__perspective")
        .prefetch_related("themes")
        .order_by("statement_id", "-created_at")
    )
    return _page(request, "listening/challenges.html", engagement, "challenges", _("Challenges"), challenges=rows)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def challenge_statement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.manage_challenges")
    challenge = get_object_or_404(shared_challenges(engagement).select_related("statement"), pk=pk)
    if challenge.statement_id is not None:
        messages.info(request, _("This challenge is already a statement of the conversation."))
        return redirect("listening_staff:challenges", engagement.slug)
    language = detect_language(challenge.text, default=get_language())
    form = StatementFromChallengeForm(
        request.POST if request.method == "POST" else None, initial={"text": challenge.text, "language": language}
    )
    # The box holds the challenge's words in their own language: a screen reader (and a spellchecker) reads them so.
    form.fields["text"].widget.attrs["lang"] = language
    if request.method == "POST" and form.is_valid():
        challenge.engagement = engagement
        try:
            actions.do_challenge_to_statement(
                request.user, challenge, form.cleaned_data["text"], form.cleaned_data["language"]
            )
        except DuplicateStatement:
            form.add_error("text", _("This statement is already in the conversation."))
        else:
            messages.success(request, _("The challenge is now a statement everyone can vote on."))
            return redirect("listening_staff:challenges", engagement.slug)
    return _page(
        request,
        "listening/challenge_statement.html",
        engagement,
        "challenges",
        _("Turn a challenge into a statement"),
        challenge=challenge,
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.view_themes_board")
    can_manage = request.user.has_perm("listening.manage_challenges", engagement)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    settings = settings_of(engagement)
    which = request.POST.get("form") if request.method == "POST" else None
    form = ThemeForm(request.POST if which == "theme" else None, engagement=engagement)
    if which == "theme" and form.is_valid():
        actions.do_create_theme(request.user, engagement, form.texts("name"))
        messages.success(request, _("Theme added."))
        return redirect("listening_staff:themes", engagement.slug)
    link_form = LinkStatementForm(request.POST if which == "link" else None, engagement=engagement)
    if which == "link" and link_form.is_valid():
        theme = link_form.cleaned_data["theme"]
        theme.engagement = engagement
        actions.do_link_statement(request.user, theme, link_form.cleaned_data["statement"])
        messages.success(request, _("The statement is now linked to the theme."))
        return redirect("listening_staff:themes", engagement.slug)
    if which == "publish":
        published = request.POST.get("published") == "yes"
        actions.do_publish_themes(request.user, settings, published)
        messages.success(
            request, _("The themes board is now public.") if published else _("The themes board is no longer public.")
        )
        return redirect("listening_staff:themes", engagement.slug)
    return _page(
        request,
        "listening/themes_staff.html",
        engagement,
        "themes",
        _("Themes board"),
        form=link_form if which == "link" else form,
        theme_form=form,
        link_form=link_form,
        settings=settings,
        can_manage=can_manage,
        **themes_board(engagement, page=request.GET.get("page")),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A theme's name in English and Welsh."""
    engagement = engagement_with_permission(request, slug, "listening.manage_challenges")
    theme = get_object_or_404(Theme.objects.filter(engagement=engagement), pk=pk)
    theme.engagement = engagement
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        engagement=engagement,
        theme=theme,
        initial=bilingual_initial(theme, "name"),
    )
    back_url = reverse("listening_staff:themes", args=[engagement.slug])
    return save_texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_rename_theme(request.user, theme, form.texts("name")),
        then=back_url,
        back_url=back_url,
        section="themes",
        page_title=_("The theme in English and Welsh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def mentor(request: HttpRequest, slug: str) -> HttpResponse:
    """The independent mentor's space: the challenges raised with them, across the engagement's teams."""
    engagement = engagement_with_permission(request, slug, "listening.mentor_space")
    form = MentorSummaryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_publish_mentor_summary(request.user, engagement, form.cleaned_data["text"])
        messages.success(request, _("Your summary has been published."))
        return redirect("listening_staff:mentor", engagement.slug)
    raised = (
        shared_challenges(engagement)
        .filter(raised_to_mentor=True)
        .select_related("conversation", "statement")
        .prefetch_related("themes")
        .order_by("conversation__team", "pk")
    )
    return _page(
        request,
        "listening/mentor.html",
        engagement,
        "mentor",
        _("Mentor space"),
        challenges=raised,
        form=form,
        summaries=MentorSummary.objects.filter(engagement=engagement),
    )


@login_required
@require_safe
def access_log(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.read_access_log")
    rows = NotesAccess.objects.filter(engagement=engagement).select_related("user")[:1000]
    return _page(request, "listening/access_log.html", engagement, "access_log", _("Who read the notes"), rows=rows)


@login_required
@require_safe
def erase(request: HttpRequest, slug: str) -> HttpResponse:
    """Find the conversations of a person who asked for their data to be erased: by name or account email."""
    engagement = engagement_with_permission(request, slug, "listening.erase_person")
    query = " ".join(request.GET.get("q", "").split())[:200]
    found = None
    if query:
        found = (
            ListeningConversation.objects.filter(engagement=engagement, erased_at__isnull=True)
            .filter(Q(person_name__icontains=query) | Q(participant__user__email__iexact=query))
            .select_related("participant__user", "author")
        )
    return _page(
        request, "listening/erase.html", engagement, "erase", _("Erase a person’s details"), query=query, found=found
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def erase_person(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "listening.erase_person")
    conversation = get_object_or_404(
        ListeningConversation.objects.select_related("participant__user"),
        engagement=engagement,
        pk=pk,
        erased_at__isnull=True,
    )
    conversation.engagement = engagement
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = actions.do_erase_person(request.user, conversation)
        messages.success(
            request,
            ngettext(
                "The person’s details and notes have been erased from %(count)d conversation.",
                "The person’s details and notes have been erased from %(count)d conversations.",
                count,
            )
            % {"count": count},
        )
        return redirect("listening_staff:erase", engagement.slug)
    others = actions.conversations_of_person(conversation).select_related("author")
    return _page(
        request,
        "listening/erase_person.html",
        engagement,
        "erase",
        _("Erase a person’s details"),
        conversation=conversation,
        conversations=others,
        form=form,
    )
