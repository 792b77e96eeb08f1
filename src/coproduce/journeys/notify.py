"""Journeys' topic kind for notifications (coproduce.notifications): an invitation to a round by email, and the
news that its figures are published.

Topic "journeys:<round id>"; its subscribers are the accounts invited (Subscriber.user), subscribed with their own
address when they are invited (every email has the one-click unsubscribe link). Items: "invited" (the page where
the person takes their own link: the link itself is never in a notice, so no stored row ties an address to a
link) and "published". Registered in JourneysConfig.ready().
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from coproduce.core.templatetags.coproduce import translated
from coproduce.journeys.models import Invitee, Round
from coproduce.notifications import topics
from coproduce.notifications.actions import do_subscribe, queue_notices
from coproduce.notifications.models import Frequency
from coproduce.notifications.topics import Subscriber, TopicKind

KIND = "journeys"
INVITED, PUBLISHED = "invited", "published"


def topic_of(round_: Round) -> str:
    return topics.topic(KIND, round_.pk)


class RoundNews(TopicKind):
    name = KIND
    heading = gettext_lazy("Emails about an assessment round you were invited to")
    back_label = gettext_lazy("Back to the round")
    text_template = "journeys/email/news.txt"
    html_template = "journeys/email/news.html"

    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        ids = [int(key) for key in keys if key.isdigit()]
        return {str(r.pk): r for r in Round.objects.filter(pk__in=ids).select_related("organisation", "network")}

    def title(self, topic: Round) -> str:
        return topic.title

    def title_html(self, topic: Round) -> SafeString:
        return translated(topic, "title")

    def url(self, topic: Round) -> str:
        return reverse("journeys:take_link", args=[topic.pk])

    def description(self, topic: Round) -> str:
        return _(
            "We will email you your invitation to this assessment round and tell you when its figures are "
            "published. We use your email address for nothing else, and every email has a link to stop them."
        )

    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        # Only the accounts invited to the round (do_invite_people subscribes them).
        kind, _sep, value = subscriber.key.partition(":")
        if kind != "user" or not value.isdigit() or not key.isdigit():
            return False
        return Invitee.objects.filter(round_id=int(key), user_id=int(value)).exists()

    def items(self, ids: Collection[str]) -> dict[str, Any]:
        return {i: i for i in ids if i in (INVITED, PUBLISHED)}

    def subject(self, topic: Round, items: list[str]) -> str:
        if PUBLISHED in items:
            return _("The figures are published: %(round)s") % {"round": topic.title}
        return _("You are invited to an assessment: %(round)s") % {"round": topic.title}


def subscribe_and_notify(round_: Round, users: Iterable) -> None:
    """Subscribe each newly invited account to the round's news with its own address, and queue the invitation."""
    keys = []
    for user in users:
        subscriber = Subscriber.user(user.pk)
        do_subscribe(
            topic_of(round_),
            subscriber,
            email=user.email,
            language=(get_language() or "en")[:2],
            frequency=Frequency.IMMEDIATE,
            verified=True,  # the account's own address, which the platform verified when it was made
        )
        keys.append(subscriber.key)
    if keys:
        queue_notices(topic_of(round_), INVITED, subscribers=keys)


def notify_published(round_: Round) -> int:
    """Tell everyone invited to the round by email that its figures are published (once: a notice per item)."""
    return queue_notices(topic_of(round_), PUBLISHED)
