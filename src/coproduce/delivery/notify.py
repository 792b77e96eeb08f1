"""Delivery's topic kind for notifications: the changes of status of an engagement's actions.

Topic "delivery:<engagement id>"; its subscribers are the engagement's participant records; a notice's item is an
ActionUpdate's id. Who is notified of a change is narrower than who subscribed: only the contributors to what the
action delivers (actions.contributor_ids). Registered in DeliveryConfig.ready().
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.delivery.models import ActionUpdate
from coproduce.engagements.models import Engagement, Participant
from coproduce.notifications import topics
from coproduce.notifications.topics import Subscriber, TopicKind

KIND = "delivery"


def topic_of(engagement: Engagement) -> str:
    return topics.topic(KIND, engagement.pk)


def _ids(keys: Collection[str]) -> list[int]:
    return [int(key) for key in keys if key.isdigit()]


class ActionUpdates(TopicKind):
    name = KIND
    heading = gettext_lazy("Email me when something I contributed to changes")
    back_label = gettext_lazy("Back to “we asked, you said, we did”")
    text_template = "delivery/email/updates.txt"
    html_template = "delivery/email/updates.html"

    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        return {str(e.pk): e for e in Engagement.objects.filter(pk__in=_ids(keys))}

    def title(self, topic: Engagement) -> str:
        return topic.title

    def url(self, topic: Engagement) -> str:
        return reverse("delivery:report", args=[topic.slug])

    def description(self, topic: Engagement) -> str:
        return _(
            "We will email you when an action that answers what you said, or that you gave feedback on, changes "
            "status. We use your email address for nothing else, and every email has a link to stop them."
        )

    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        # A participant record of this engagement (the page has checked it may take part, with its consent).
        participant_id = subscriber.participant_id
        if participant_id is None or not key.isdigit():
            return False
        return Participant.objects.filter(pk=participant_id, engagement_id=int(key)).exists()

    def items(self, ids: Collection[str]) -> dict[str, Any]:
        updates = ActionUpdate.objects.filter(pk__in=_ids(ids)).select_related("action__engagement")
        return {str(u.pk): u for u in updates}

    def subject(self, topic: Engagement, items: list[ActionUpdate]) -> str:
        if len(items) == 1:
            return _("Update: %(action)s") % {"action": items[0].action.title}
        return _("What has changed: %(engagement)s") % {"engagement": topic.title}
