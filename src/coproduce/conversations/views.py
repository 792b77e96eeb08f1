"""The participant's side of the conversation: vote, write, see the results; and the public moderation log."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from coproduce.conversations import actions
from coproduce.conversations.access import (
    StatementsClosed,
    conversation_for_viewing,
    results_visible,
    statement_writer,
    voter,
    voting_open,
)
from coproduce.conversations.ballot import voting_place
from coproduce.conversations.forms import StatementForm, VoteForm, statement_too_short
from coproduce.conversations.models import ModerationDecision, Statement, Vote
from coproduce.conversations.results import SHOW, current_results, statement_list, translated_texts, with_statements
from coproduce.conversations.routing import next_turn, routing_priorities
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.models import Feature
from coproduce.engagements.participants import (
    NotTakingPart,
    current_participant,
    participant_or_redirect,
    take_part_redirect,
)
from coproduce.translations.reading import prefetch_translations, with_translations


# The vote page and the vote are loaded by every participant for every statement: both read the engagement, its
# phases and the voter in one plain SQL statement (conversations.ballot), with the same checks as the other pages.
@require_safe
def vote_page(request: HttpRequest, slug: str) -> HttpResponse:
    place = voting_place(request, slug)
    engagement = place.engagement
    if not voting_open(place):
        messages.info(request, _("Voting is not open at the moment."))
        return redirect(engagement)
    try:
        participant = voter(request, place)
    except NotTakingPart as refusal:
        return take_part_redirect(request, engagement, refusal)
    # Only statements still published count: a vote on a statement hidden since is neither done nor left.
    turn = next_turn(place.conversation, participant, routing_priorities(place.conversation))
    context = {
        "engagement": engagement,
        "statement": turn.statement,
        "voted": turn.voted,
        "remaining": turn.remaining,
        "can_write": place.participants_can_write and Feature.STATEMENTS in place.features,
        "page_title": _("Vote: %(title)s") % {"title": engagement.title},
    }
    template = "conversations/_vote_card.html" if request.htmx else "conversations/vote.html"
    return render(request, template, context)


@require_POST
@limit_writes("vote", limit=120, window=60)
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    place = voting_place(request, slug)
    engagement = place.engagement
    try:
        participant = voter(request, place)
    except NotTakingPart as refusal:
        return take_part_redirect(request, engagement, refusal)
    form = VoteForm(request.POST)
    statement_id, value = (
        (form.cleaned_data["statement"], form.cleaned_data["value"]) if form.is_valid() else (None, None)
    )
    try:
        actions.do_vote_as_participant(place, participant, statement_id, value)
    except actions.VotingClosed:
        messages.error(request, _("Voting has closed. Your vote was not saved."))
        return redirect(engagement)
    except actions.UnknownStatement:
        messages.error(
            request, _("That vote could not be saved: choose agree, disagree or pass on a statement shown to you.")
        )
        return redirect("conversations:vote_page", engagement.slug)
    if request.POST.get("next") == "my-votes":
        messages.success(request, _("Your vote has been changed."))
        return redirect(_my_votes_back(engagement.slug, request.POST.get("back", "")))
    if request.POST.get("next") == "instead-of-writing":  # "Is this what you mean?" on the write page
        messages.success(request, _("Thank you. You agreed with a statement already made, and yours was not added."))
    # htmx follows the redirect with its own header, so the vote page answers with just the next card.
    return redirect("conversations:vote_page", engagement.slug)


# Votes the "your votes" page shows a page at a time: a page stays well under 100 KB (tests/conversations/
# test_my_votes_pages.py) however many statements the person voted on (98 KB at 67 votes before it paged).
MY_VOTES_PER_PAGE = 25
# The "your votes" filter's values: what each shows (a vote's value), and their order in the summary.
MY_VOTE_FILTERS = {"agree": Vote.AGREE, "disagree": Vote.DISAGREE, "pass": Vote.PASS}


def _my_votes_filters(source) -> dict[str, str]:
    """The "your votes" page's filters, from its query (or a change-of-vote form's `back`): a vote and words."""
    vote = source.get("vote", "")
    return {"vote": vote if vote in MY_VOTE_FILTERS else "", "q": source.get("q", "")[:200]}


def _my_votes_back(slug: str, back: str) -> str:
    """Back to "your votes" as it was (its filters and page) after a change of vote, read again through the filters:
    never an address given."""
    given = QueryDict(back)
    kept = {key: value for key, value in _my_votes_filters(given).items() if value}
    if given.get("page", "").isdigit() and given["page"] != "1":
        kept["page"] = given["page"]
    url = reverse("conversations:my_votes", args=[slug])
    return f"{url}?{urlencode(kept)}" if kept else url


@require_safe
def my_votes(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's votes, a page at a time, with how many of each first; each can be changed (a plain form
    that comes back to the same page and filters)."""
    conversation = conversation_for_viewing(request, slug)
    participant, redirect_response = participant_or_redirect(
        request, conversation.engagement, require_account=conversation.require_account
    )
    if redirect_response:
        return redirect_response
    mine = Vote.objects.filter(participant=participant, statement__status=Statement.Status.PUBLISHED)
    # The summary: how many of each, in one grouped query.
    by_value = dict(mine.values_list("value").annotate(n=Count("pk")).values_list("value", "n"))
    filters = _my_votes_filters(request.GET)
    listed = mine
    if filters["vote"]:
        listed = listed.filter(value=MY_VOTE_FILTERS[filters["vote"]])
    if filters["q"]:
        listed = listed.filter(statement__text__icontains=filters["q"])
    page = Paginator(
        listed.select_related("statement").order_by("statement__created_at", "statement_id"), MY_VOTES_PER_PAGE
    ).get_page(request.GET.get("page"))
    votes = list(page.object_list)
    prefetch_translations(vote.statement for vote in votes)  # one query for the page's statements
    query = urlencode({key: value for key, value in filters.items() if value})
    labels = dict(Vote.VALUES)
    return render(
        request,
        "conversations/my_votes.html",
        {
            "engagement": conversation.engagement,
            "votes": votes,
            "page": page,
            "filters": filters,
            "query": f"{query}&" if query else "",
            "back": urlencode({**{key: value for key, value in filters.items() if value}, "page": page.number}),
            "vote_counts": [(name, labels[value], by_value.get(value, 0)) for name, value in MY_VOTE_FILTERS.items()],
            "all_count": sum(by_value.values()),
            "voting_open": conversation.engagement.feature_enabled(Feature.VOTING),
            "page_title": _("Your votes"),
        },
    )


@require_http_methods(["GET", "POST"])
@limit_writes("statement", limit=30, window=60)
def write_statement(request: HttpRequest, slug: str) -> HttpResponse:
    """Two steps when the words are like statements already published: the first submit shows them ("Is this what
    you mean?") with a button to agree with each instead, and one to publish anyway that carries the words (and
    their language) as given; the form keeps them too. With htmx the form is swapped in place."""
    conversation = conversation_for_viewing(request, slug)
    engagement = conversation.engagement
    try:
        participant = statement_writer(request, conversation)
    except StatementsClosed:
        messages.info(request, _("Writing statements is not open at the moment."))
        return redirect(engagement)
    except NotTakingPart as refusal:
        return take_part_redirect(request, engagement, refusal)
    form = StatementForm(
        request.POST if request.method == "POST" else None, min_length=conversation.min_statement_length
    )
    duplicate = None
    similar: list[Statement] = []
    if request.method == "POST" and form.is_valid():
        language = form.language_of(default=get_language())
        try:
            statement = actions.do_write_statement_as_participant(
                conversation,
                participant,
                form.cleaned_data["text"],
                language,
                check_similar=request.POST.get("confirm") != "publish",
            )
        except StatementsClosed:  # checked above: only if the phase closed in between
            messages.info(request, _("Writing statements is not open at the moment."))
            return redirect(engagement)
        except actions.StatementTooShort as error:
            form.add_error("text", statement_too_short(error.minimum, error.length))
        except actions.SimilarStatements as found:
            similar = found.statements
        except actions.TooManyStatements:
            form.add_error(
                "text", _("You have written a lot of statements in the last minute. Wait a minute, then try again.")
            )
        except actions.DuplicateStatement as error:
            # Link only to a statement people can see: a hidden or unchecked one would be a 404 (or leak words).
            duplicate = error.existing if error.existing.status == Statement.Status.PUBLISHED else None
            if duplicate:
                form.add_error("text", _("Someone has already made this statement. You can vote on it instead."))
            else:
                # Nothing to vote on: it is hidden or not checked yet.
                form.add_error("text", _("This statement has already been made."))
        else:
            if statement.status == Statement.Status.PENDING:
                messages.success(request, _("Thank you. Your statement will appear once a facilitator has checked it."))
            else:
                messages.success(request, _("Thank you. Your statement has been added for others to vote on."))
            if request.htmx:  # a whole page: the vote page with its message, not a card swapped into the form
                return HttpResponseClientRedirect(reverse("conversations:vote_page", args=[engagement.slug]))
            return redirect("conversations:vote_page", engagement.slug)
    context = {
        "engagement": engagement,
        "form": form,
        "duplicate": duplicate,
        "similar": similar,
        # "Publish it anyway" sends the words as checked, in the language they were taken to be in.
        "checked": {"text": form.cleaned_data["text"], "language": language} if similar else None,
        "voting_open": engagement.feature_enabled(Feature.VOTING),
        "page_title": _("Is this what you mean?") if similar else _("Write a statement"),
    }
    template = "conversations/_write.html" if request.htmx else "conversations/write.html"
    return render(request, template, context)


@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_viewing(request, slug)
    engagement = conversation.engagement
    if not results_visible(request, conversation):
        messages.info(request, _("Results will be shown once the common ground phase starts."))
        return redirect(engagement)
    participant = current_participant(request, engagement)
    context = {
        "engagement": engagement,
        "page_title": _("Results: %(title)s") % {"title": engagement.title},
        **current_results(conversation, participant.pk if participant else None),
    }
    return render(request, "conversations/results.html", context)


# Statements a "see all" list shows a page at a time: a page stays well under 100 KB (tests/conversations/
# test_results_at_size.py), whatever the number of statements.
RESULTS_PER_PAGE = 25


@require_safe
def results_list(request: HttpRequest, slug: str) -> HttpResponse:
    """ "See all" for the results page: every statement, or one section's, or what sets one group apart, filtered
    by words, a page at a time. A plain GET form and links: it works without JavaScript."""
    conversation = conversation_for_viewing(request, slug)
    engagement = conversation.engagement
    if not results_visible(request, conversation):
        messages.info(request, _("Results will be shown once the common ground phase starts."))
        return redirect(engagement)
    participant = current_participant(request, engagement)
    found = current_results(conversation, participant.pk if participant else None, with_map=False, with_every=True)
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    letters = [g["letter"] for g in found.get("groups", [])]
    group = request.GET.get("group", "")
    group = group if group in letters else ""
    # Perspectives of too few people to show have nothing listed (results.build_results): not offered.
    perspectives = [q for q in found.get("perspectives", []) if q.get("size") is not None]
    perspective = request.GET.get("perspective", "")
    perspective = perspective if perspective in {str(q["id"]) for q in perspectives} and not group else ""
    text = request.GET.get("q", "")[:200]
    rows = (
        statement_list(
            found,
            show="" if group or perspective else show,
            group=group,
            perspective=perspective,
            text=text,
            translated=translated_texts(conversation) if text.strip() else None,
        )
        if found["snapshot"]
        else []
    )
    page = Paginator(rows, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    with_statements(conversation, page.object_list)  # the page's statements alone, in the reader's language
    query = urlencode(
        {
            key: value
            for key, value in (("show", show), ("group", group), ("perspective", perspective), ("q", text))
            if value
        }
    )
    return render(
        request,
        "conversations/results_list.html",
        {
            "engagement": engagement,
            "snapshot": found["snapshot"],
            "groups": found.get("groups", []),
            "page": page,
            "show": show,
            "group": group,
            "perspectives": perspectives,
            "perspective": perspective,
            "perspective_name": next((q["name"] for q in perspectives if str(q["id"]) == perspective), ""),
            "q": text,
            "query": f"{query}&" if query else "",
            "page_title": _("All statements: %(title)s") % {"title": engagement.title},
        },
    )


MODERATION_LOG_PER_PAGE = 50


@require_safe
def moderation_log(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_viewing(request, slug)
    decisions = ModerationDecision.objects.filter(statement__conversation=conversation).select_related("statement")
    page = Paginator(decisions, MODERATION_LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/moderation_log.html",
        {
            "engagement": conversation.engagement,
            "decisions": page.object_list,
            "page": page,
            "page_title": _("Moderation log"),
        },
    )


@require_safe
def statement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = conversation_for_viewing(request, slug)
    statement = get_object_or_404(
        with_translations(conversation.statements.exclude(status=Statement.Status.HIDDEN)), pk=pk
    )
    if statement.status == Statement.Status.PENDING:
        return render(request, "core/404.html", status=404)
    counts = {value: 0 for value, _label in Vote.VALUES}
    counts.update(dict(statement.votes.values_list("value").annotate(n=Count("pk")).values_list("value", "n")))
    return render(
        request,
        "conversations/statement.html",
        {
            "engagement": conversation.engagement,
            "statement": statement,
            "agree": counts[1],
            "disagree": counts[-1],
            "passed": counts[0],
            "page_title": _("Statement"),
        },
    )
