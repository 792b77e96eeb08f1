"""The public side of delivery: "we asked, you said, we did", actions, iterations, feedback, notifications, feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.conversations.access import account_required, engagement_participant_or_redirect
from coproduce.core import bilingual
from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.delivery import actions
from coproduce.delivery.forms import ActionStatusForm, AssignIterationForm, FeedbackForm, UpdateForm
from coproduce.delivery.models import Action, ActionUpdate, Feedback, Iteration
from coproduce.delivery.notify import topic_of
from coproduce.delivery.thread import (
    actions_with_thread,
    common_ground_ids,
    feedback_summaries,
    prefetch_cited_statements,
)
from coproduce.engagements.access import engagement_for_viewing
from coproduce.engagements.models import Engagement, Feature
from coproduce.engagements.participants import current_participant, participant_or_redirect
from coproduce.notifications.topics import Subscriber
from coproduce.notifications.views import subscription_page

ENGAGEMENTS = Engagement.objects.select_related("organisation", "conversation").prefetch_related(
    "phases", "perspectives"
)


def _engagement(request: HttpRequest, slug: str) -> Engagement:
    return engagement_for_viewing(request, slug, ENGAGEMENTS)


def thread_context(engagement: Engagement, items) -> dict:
    prefetch_cited_statements(items)
    return {
        "common_ground": common_ground_ids(engagement),
        "summaries": feedback_summaries(engagement, list(engagement.perspectives.all()), _("Perspective not given")),
        "actions": items,
    }


@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """We asked, you said, we did: every action with its whole thread. Also the printed report for a board."""
    engagement = _engagement(request, slug)
    items = list(actions_with_thread(engagement))
    return render(
        request,
        "delivery/report.html",
        {
            "engagement": engagement,
            **thread_context(engagement, items),
            "can_manage": request.user.has_perm("delivery.manage", engagement),
            "printed_on": timezone.localdate(),
            "page_title": _("We asked, you said, we did: %(title)s") % {"title": engagement.title},
        },
    )


def _action(engagement: Engagement, pk: int) -> Action:
    action = get_object_or_404(actions_with_thread(engagement), pk=pk)
    action.engagement = engagement
    return action


def action_context(request: HttpRequest, engagement: Engagement, action: Action, **forms) -> dict:
    can_manage = request.user.has_perm("delivery.manage", engagement)
    participant = current_participant(request, engagement)
    mine = None
    if participant is not None:
        mine = Feedback.objects.filter(action=action, participant=participant).first()
    iterations = Iteration.objects.filter(engagement=engagement)
    context = {
        "engagement": engagement,
        "action": action,
        **thread_context(engagement, [action]),
        "can_manage": can_manage,
        "feedback_open": action.is_delivered and engagement.feature_enabled(Feature.FEEDBACK),
        "my_feedback": mine,
        "feedback_form": forms.get("feedback_form")
        or FeedbackForm(initial={"rating": mine.rating, "comment": mine.comment} if mine else None),
        "page_title": action.title,
    }
    if can_manage:
        context.update(
            {
                "status_form": forms.get("status_form")
                or ActionStatusForm(prefix="status", initial={"status": action.status}),
                "update_form": forms.get("update_form") or UpdateForm(prefix="update"),
                "iteration_form": forms.get("iteration_form")
                or AssignIterationForm(
                    prefix="iteration", iterations=iterations, initial={"iteration": action.iteration_id}
                ),
                "comments": Feedback.objects.filter(action=action).exclude(comment="").order_by("-updated_at"),
            }
        )
    context["form"] = next((f for f in forms.values() if f is not None and f.errors), None)
    return context


def action_page(request: HttpRequest, engagement: Engagement, action: Action, **forms) -> HttpResponse:
    """The action's page; answered with 400 when it shows a form sent back with errors."""
    context = action_context(request, engagement, action, **forms)
    return render_form_page(request, "delivery/action.html", context)


@require_safe
def action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    item = _action(engagement, pk)
    return action_page(request, engagement, item)


@require_POST
@limit_writes("feedback", limit=20, window=60)
def feedback(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _engagement(request, slug)
    item = _action(engagement, pk)
    if not (item.is_delivered and engagement.feature_enabled(Feature.FEEDBACK)):
        messages.info(request, _("Feedback on this action is not open at the moment."))
        return redirect(item)
    participant, redirect_response = engagement_participant_or_redirect(request, engagement)
    if redirect_response:
        return redirect_response
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return action_page(request, engagement, item, feedback_form=form)
    actions.do_give_feedback(participant, item, form.cleaned_data["rating"], form.cleaned_data["comment"].strip())
    messages.success(request, _("Thank you: your feedback has been saved."))
    return redirect(item)


@require_safe
def iterations(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _engagement(request, slug)
    today = timezone.localdate()
    rows = list(Iteration.objects.filter(engagement=engagement, starts_on__lte=today).prefetch_related("actions"))
    return render(
        request,
        "delivery/iterations.html",
        {
            "engagement": engagement,
            "current": [i for i in rows if i.is_current(today)],
            "past": [i for i in rows if not i.is_current(today)],
            "page_title": _("Iterations: %(title)s") % {"title": engagement.title},
        },
    )


@require_http_methods(["GET", "POST"])
@limit_writes("subscribe", limit=10, window=60)
def notifications(request: HttpRequest, slug: str) -> HttpResponse:
    """Opt in to email about what you contributed to. Only people taking part (with their consent) can; the page
    and the double opt-in are notifications' (the link to unsubscribe too, at /unsubscribe/<token>/)."""
    engagement = _engagement(request, slug)
    participant, redirect_response = participant_or_redirect(
        request, engagement, require_account=account_required(engagement)
    )
    if redirect_response:
        return redirect_response
    return subscription_page(request, topic_of(engagement), Subscriber.participant(participant.pk))


class TextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text. Django marks them type="html", so a feed reader would render
    (and some would run) any markup in an update; updates are what staff typed, so they go out as text.

    Each entry says its language where it is not the feed's (xml:lang, as `lang` on a page): an action or an update
    with no Welsh yet is shown in English on the Welsh feed, and a screen reader should read it as English."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("title_language") and item["title_language"] != self.feed["language"]:
            attributes["xml:lang"] = item["title_language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement(
                "summary", item["description"], {"type": "text", "xml:lang": item["description_language"]}
            )


class UpdatesFeed(Feed):
    """An Atom feed of the updates on an engagement's actions, newest first. Titles and summaries are text
    (Django writes titles with no type, which Atom reads as text): no live HTML reaches a feed reader."""

    feed_type = TextAtomFeed

    def get_object(self, request: HttpRequest, slug: str) -> Engagement:
        return _engagement(request, slug)

    def title(self, engagement: Engagement) -> str:
        return _("Updates: %(title)s") % {"title": engagement.title}

    def link(self, engagement: Engagement) -> str:
        return reverse("delivery:report", args=[engagement.slug])

    def subtitle(self, engagement: Engagement) -> str:
        return _("What is being done about what people said, and how it is going.")

    def items(self, engagement: Engagement):
        return (
            ActionUpdate.objects.filter(action__engagement=engagement)
            .select_related("action__engagement")
            .order_by("-created_at", "-pk")[:50]
        )

    def item_title(self, item: ActionUpdate) -> str:
        if item.status:
            return _("%(action)s: now %(status)s") % {"action": item.action.title, "status": item.get_status_display()}
        return _("%(action)s: progress update") % {"action": item.action.title}

    def item_description(self, item: ActionUpdate) -> str:
        return bilingual.resolve(item, "text")[0]

    def item_extra_kwargs(self, item: ActionUpdate) -> dict[str, str]:
        return {
            "title_language": bilingual.resolve(item.action, "title")[1],
            "description_language": bilingual.resolve(item, "text")[1],
        }

    def item_link(self, item: ActionUpdate) -> str:
        return f"{item.action.get_absolute_url()}#update-{item.pk}"

    def item_guid(self, item: ActionUpdate) -> str:
        return f"urn:coproduce:update:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ActionUpdate):
        return item.created_at

    def item_updateddate(self, item: ActionUpdate):
        return item.created_at


feed = UpdatesFeed()
