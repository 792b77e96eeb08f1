"""The learning app's topic kinds for notifications: following a board (its notices) and a study club's
announcements (to its members). Subscribing, double opt-in, digests and unsubscribing are the notifications app's.

"board:<id>": any signed-in account that may read the board; an item is a Notice id.
"club:<id>": the club's members only; an item is a ClubAnnouncement id. Registered in LearningConfig.ready().
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.bilingual import resolve
from coproduce.core.templatetags.coproduce import translated
from coproduce.notifications import topics
from coproduce.notifications.topics import Subscriber, TopicKind

BOARD = "board"
CLUB = "club"


def board_topic(board) -> str:
    return topics.topic(BOARD, board.pk)


def club_topic(club) -> str:
    return topics.topic(CLUB, club.pk)


def _ids(keys: Collection[str]) -> list[int]:
    return [int(key) for key in keys if key.isdigit()]


def _user_id(subscriber: Subscriber) -> int | None:
    kind, _sep, value = subscriber.key.partition(":")
    return int(value) if kind == "user" and value.isdigit() else None


class BoardNotices(TopicKind):
    name = BOARD
    heading = gettext_lazy("Follow this noticeboard by email")
    back_label = gettext_lazy("Back to the noticeboard")
    text_template = "learning/email/notices.txt"
    html_template = "learning/email/notices.html"

    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        from coproduce.learning.models import Board

        return {str(b.pk): b for b in Board.objects.filter(pk__in=_ids(keys))}

    def title(self, topic) -> str:
        return topic.name

    def title_html(self, topic) -> SafeString:
        return translated(topic, "name")

    def url(self, topic) -> str:
        return reverse("learning:board", args=[topic.slug])

    def description(self, topic) -> str:
        return _(
            "We will email you when a notice is published on this board. We use your email address for nothing "
            "else, and every email has a link to stop them."
        )

    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        from coproduce.learning.models import Board
        from coproduce.learning.rules import may_read

        user_id, board = _user_id(subscriber), Board.objects.filter(pk=int(key) if key.isdigit() else 0).first()
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        return board is not None and user is not None and may_read(user, board)

    def items(self, ids: Collection[str]) -> dict[str, Any]:
        from coproduce.learning.models import Notice

        found = Notice.objects.filter(pk__in=_ids(ids), status=Notice.Status.PUBLISHED).select_related("board")
        return {str(n.pk): n for n in found}

    def subject(self, topic, items: list) -> str:
        if len(items) == 1:
            return _("New notice: %(title)s") % {"title": resolve(items[0], "title")[0]}
        return _("New on the noticeboard: %(board)s") % {"board": topic.name}


class ClubAnnouncements(TopicKind):
    name = CLUB
    heading = gettext_lazy("Email me the study club’s announcements")
    back_label = gettext_lazy("Back to the study club")
    text_template = "learning/email/announcements.txt"
    html_template = "learning/email/announcements.html"

    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        from coproduce.learning.models import StudyClub

        return {str(c.pk): c for c in StudyClub.objects.filter(pk__in=_ids(keys))}

    def title(self, topic) -> str:
        return topic.name

    def title_html(self, topic) -> SafeString:
        return translated(topic, "name")

    def url(self, topic) -> str:
        return reverse("learning:club", args=[topic.pk])

    def description(self, topic) -> str:
        return _(
            "We will email you the host’s and organisers’ announcements to the club’s members. We use your email "
            "address for nothing else, and every email has a link to stop them."
        )

    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        from coproduce.learning.models import ClubMember

        user_id = _user_id(subscriber)
        return bool(user_id and key.isdigit() and ClubMember.objects.filter(club_id=int(key), user_id=user_id).exists())

    def items(self, ids: Collection[str]) -> dict[str, Any]:
        from coproduce.learning.models import ClubAnnouncement

        return {str(a.pk): a for a in ClubAnnouncement.objects.filter(pk__in=_ids(ids)).select_related("club")}

    def subject(self, topic, items: list) -> str:
        return _("Study club: %(club)s") % {"club": topic.name}
