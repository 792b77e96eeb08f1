"""The noticeboard and learning as open data (issue 20; docs/decisions/0019-noticeboard-and-learning.md).

Public only, from explicit lists of fields: the current notices of boards everyone may read (an organisation's, a
network's, a public engagement's), study clubs without their members (how many places are left, never who took
them), and the learning catalogue and paths. Texts in the language asked for (Accept-Language), with both
languages alongside.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.errors import ERRORS, not_found
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, Page
from coproduce.core.bilingual import resolve
from coproduce.learning.models import LearningItem, LearningPath, Notice, StudyClub, current_notices
from coproduce.learning.views import readable_boards

router = Router(tags=["learning"])


class NoticeFilters(Paging):
    board: str | None = Field(None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="A board's slug.")


class NoticeOut(Schema):
    id: int
    board: str = Field(description="The board's slug.")
    category: str
    pinned: bool
    title: str = Field(description="In the language asked for, else the other one.")
    title_en: str | None
    title_cy: str | None
    body: str = Field(description="Markdown, in the language asked for, else the other one.")
    guest_name: str | None = Field(description="A guest post's writer, as they chose to be named; null otherwise.")
    published_at: dt.datetime
    expires_on: dt.date | None


class ClubOut(Schema):
    id: int
    board: str
    name: str
    name_en: str | None
    name_cy: str | None
    description: str
    place: str
    online: bool
    language: str
    meetings: list[dt.datetime]
    duration_minutes: int
    capacity: int
    places_left: int = Field(description="Never who took the others: members are not open data.")
    courses: list[str] = Field(description="Learning item slugs.")


class ItemOut(Schema):
    slug: str
    title: str
    title_en: str | None
    title_cy: str | None
    summary: str
    body: str = Field(description="Markdown: what can be read offline.")
    provider: str
    link: str
    minutes: int
    level: str
    topic: str
    language: str
    phone_friendly: bool
    offline_friendly: bool


class PathOut(Schema):
    slug: str
    title: str
    title_en: str | None
    title_cy: str | None
    description: str
    topic: str
    items: list[str] = Field(description="Learning item slugs, in order.")


def notice_out(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "board": notice.board.slug,
        "category": notice.category,
        "pinned": notice.pinned,
        "title": resolve(notice, "title")[0],
        "title_en": notice.title_en,
        "title_cy": notice.title_cy,
        "body": resolve(notice, "body")[0],
        "guest_name": (notice.guest_name or None) if notice.guest else None,
        "published_at": notice.published_at,
        "expires_on": notice.expires_on,
    }


def club_out(club: StudyClub) -> dict:
    return {
        "id": club.pk,
        "board": club.board.slug,
        "name": resolve(club, "name")[0],
        "name_en": club.name_en,
        "name_cy": club.name_cy,
        "description": resolve(club, "description")[0],
        "place": resolve(club, "place")[0],
        "online": club.online,
        "language": club.language,
        "meetings": club.meeting_times(),
        "duration_minutes": club.duration_minutes,
        "capacity": club.capacity,
        "places_left": max(club.capacity - club.member_count, 0),
        "courses": [item.slug for item in club.courses.all()],
    }


def item_out(item: LearningItem) -> dict:
    return {
        "slug": item.slug,
        "title": resolve(item, "title")[0],
        "title_en": item.title_en,
        "title_cy": item.title_cy,
        "summary": resolve(item, "summary")[0],
        "body": resolve(item, "body")[0],
        "provider": item.provider,
        "link": item.link,
        "minutes": item.minutes,
        "level": item.level,
        "topic": item.topic,
        "language": item.language,
        "phone_friendly": item.phone_friendly,
        "offline_friendly": item.offline_friendly,
    }


def path_out(path: LearningPath) -> dict:
    return {
        "slug": path.slug,
        "title": resolve(path, "title")[0],
        "title_en": path.title_en,
        "title_cy": path.title_cy,
        "description": resolve(path, "description")[0],
        "topic": path.topic,
        "items": [step.item.slug for step in path.steps.all()],
    }


@router.get(
    "/notices",
    response={200: Page[NoticeOut], **ERRORS},
    operation_id="list_notices",
    summary=gettext_noop("List the current public notices"),
)
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]):
    notices = (
        current_notices().filter(board__in=readable_boards()).select_related("board").order_by("-published_at", "-pk")
    )
    if filters.board:
        notices = notices.filter(board__slug=filters.board)
    return page(notices, filters, notice_out)


@router.get(
    "/study-clubs",
    response={200: Page[ClubOut], **ERRORS},
    operation_id="list_study_clubs",
    summary=gettext_noop("List the public study clubs (without their members)"),
)
def list_study_clubs(request: HttpRequest, filters: Query[Paging]):
    clubs = (
        StudyClub.objects.filter(board__in=readable_boards())
        .annotate(member_count=Count("members"))
        .select_related("board")
        .prefetch_related("courses")
        .order_by("pk")
    )
    return page(clubs, filters, club_out)


@router.get(
    "/learning-items",
    response={200: Page[ItemOut], **ERRORS},
    operation_id="list_learning_items",
    summary=gettext_noop("List the courses and learning materials"),
)
def list_learning_items(request: HttpRequest, filters: Query[Paging]):
    return page(LearningItem.objects.order_by("pk"), filters, item_out)


@router.get(
    "/learning-items/{slug}",
    response={200: ItemOut, **ERRORS},
    operation_id="get_learning_item",
    summary=gettext_noop("One course or learning material"),
)
def get_learning_item(request: HttpRequest, slug: str):
    item = LearningItem.objects.filter(slug=slug).first()
    if item is None:
        raise not_found()
    return item_out(item)


@router.get(
    "/learning-paths",
    response={200: Page[PathOut], **ERRORS},
    operation_id="list_learning_paths",
    summary=gettext_noop("List the learning paths"),
)
def list_learning_paths(request: HttpRequest, filters: Query[Paging]):
    paths = LearningPath.objects.prefetch_related("steps__item").order_by("pk")
    return page(paths, filters, path_out)
