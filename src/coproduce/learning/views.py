"""The public pages of the noticeboard and learning: boards and their notices (with an Atom feed and following by
email), study clubs (joining, leaving, their calendar), learning items and paths, a person's own learning, and
what makes them work offline on a phone (offline.py).

Pages a person may want on a train say so with the X-Coproduce-Offline header (offline.KEEP): the service worker
keeps those, and only those, readable offline."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core import bilingual, ical
from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.delivery.views import TextAtomFeed
from coproduce.engagements.models import Engagement, Organisation
from coproduce.learning import actions
from coproduce.learning.access import board_with_permission, club_with_permission, item, path
from coproduce.learning.forms import GuestPostForm, ProgressForm
from coproduce.learning.models import (
    Board,
    ClubMember,
    LearningItem,
    LearningPath,
    Notice,
    Progress,
    StudyClub,
    current_notices,
)
from coproduce.learning.notify import board_topic, club_topic
from coproduce.learning.offline import render_page
from coproduce.notifications.topics import Subscriber
from coproduce.notifications.views import subscription_page

NOTICES_SHOWN = 30


def readable_boards():
    """Boards everyone may read: an organisation's, a network's, a public engagement's."""
    return Board.objects.filter(Q(engagement__isnull=True) | Q(engagement__visibility=Engagement.Visibility.PUBLIC))


def _with_places(clubs):
    return clubs.annotate(member_count=Count("members")).select_related("board")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.now() - dt.timedelta(days=1)
    clubs = _with_places(StudyClub.objects.filter(board__in=readable_boards()))
    upcoming = [club for club in clubs if club.meeting_times()[-1] >= today]
    return render_page(
        request,
        "learning/home.html",
        {
            "boards": readable_boards(),
            "clubs": upcoming,
            "paths": LearningPath.objects.annotate(step_count=Count("steps")),
            "items": LearningItem.objects.all(),
            "page_title": _("Noticeboard and learning"),
        },
        keep=True,
    )


@require_safe
def board(request: HttpRequest, slug: str) -> HttpResponse:
    found = board_with_permission(request, slug)
    category = request.GET.get("category", "")
    notices = current_notices().filter(board=found).select_related("board")
    if category in Notice.Category.values:
        notices = notices.filter(category=category)
    else:
        category = ""
    clubs = _with_places(found.clubs.all())
    return render_page(
        request,
        "learning/board.html",
        {
            "board": found,
            "notices": notices[:NOTICES_SHOWN],
            "categories": Notice.Category.choices,
            "category": category,
            "clubs": clubs,
            "can_manage": request.user.has_perm("learning.manage_board", found),
            "pending": found.notices.filter(status=Notice.Status.PENDING).count()
            if request.user.has_perm("learning.manage_board", found)
            else 0,
            "page_title": found.name,
        },
        keep=True,
    )


@require_safe
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = board_with_permission(request, slug)
    shown = current_notices().filter(board=found, pk=pk).first()
    if shown is None:
        from django.http import Http404

        raise Http404
    return render_page(
        request,
        "learning/notice.html",
        {"board": found, "notice": shown, "page_title": shown.title},
        keep=True,
    )


class NoticesFeed(Feed):
    """An Atom feed of a board's current notices, newest first: titles and summaries as text, each entry marked
    with its language where it is not the feed's (xml:lang), as delivery's feed does."""

    feed_type = TextAtomFeed

    def get_object(self, request: HttpRequest, slug: str) -> Board:
        return board_with_permission(request, slug)

    def title(self, obj: Board) -> str:
        return _("Noticeboard: %(board)s") % {"board": obj.name}

    def link(self, obj: Board) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Board) -> str:
        return bilingual.resolve(obj, "description")[0] or _("News and notices.")

    def items(self, obj: Board):
        return current_notices().filter(board=obj).select_related("board").order_by("-published_at", "-pk")[:50]

    def item_title(self, item: Notice) -> str:
        return bilingual.resolve(item, "title")[0]

    def item_description(self, item: Notice) -> str:
        return bilingual.resolve(item, "body")[0]

    def item_extra_kwargs(self, item: Notice) -> dict[str, str]:
        return {
            "title_language": bilingual.resolve(item, "title")[1],
            "description_language": bilingual.resolve(item, "body")[1],
        }

    def item_link(self, item: Notice) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Notice) -> str:
        return f"urn:coproduce:notice:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Notice) -> str:
        return item.guest_name if item.guest else ""

    def item_pubdate(self, item: Notice):
        return item.published_at

    def item_updateddate(self, item: Notice):
        return item.published_at


board_feed = NoticesFeed()


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("subscribe", limit=10, window=60)
def board_follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow a board by email: the page, double opt-in, digests and unsubscribing are notifications'."""
    found = board_with_permission(request, slug)
    return subscription_page(request, board_topic(found), Subscriber.user(request.user.pk))


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("write", limit=10, window=60)
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """A guest post: anyone signed in who may read the board suggests a notice; a manager publishes it."""
    found = board_with_permission(request, slug, "learning.suggest_notice")
    form = GuestPostForm(
        request.POST if request.method == "POST" else None,
        initial={"language": bilingual.current_language(), "category": Notice.Category.NEWS},
    )
    if request.method == "POST" and form.is_valid():
        actions.do_suggest_notice(request.user, found, **form.cleaned_data)
        messages.success(
            request, _("Thank you. Your notice will appear on the board once the board’s managers have read it.")
        )
        return redirect(found)
    return render_form_page(
        request, "learning/suggest.html", {"board": found, "form": form, "page_title": _("Suggest a notice")}
    )


@require_safe
def club(request: HttpRequest, pk: int) -> HttpResponse:
    found = club_with_permission(request, pk)
    user = request.user
    member_count = found.members.count()
    is_member = user.is_authenticated and found.members.filter(user=user).exists()
    sees_members = user.has_perm("learning.view_club_members", found)
    members = list(found.members.select_related("user").order_by("joined_at")) if sees_members else []
    return render_page(
        request,
        "learning/club.html",
        {
            "club": found,
            "meetings": found.meeting_times(),
            "courses": found.courses.all(),
            "member_count": member_count,
            "places_left": max(found.capacity - member_count, 0),
            "is_member": is_member,
            "sees_members": sees_members,
            "members": members,
            "can_announce": user.has_perm("learning.announce", found),
            "announcements": found.announcements.all()[:20] if is_member or sees_members else [],
            "page_title": found.name,
        },
        keep=is_member,
    )


@login_required
@require_POST
@limit_writes("write", limit=20, window=60)
def club_join(request: HttpRequest, pk: int) -> HttpResponse:
    found = club_with_permission(request, pk, "learning.join_club")
    try:
        actions.do_join_club(request.user, found)
    except actions.ClubFull:
        messages.error(request, _("Sorry, every place in this study club is taken."))
    else:
        messages.success(request, _("You have joined the study club. It is kept on this phone to read offline."))
    return redirect(found)


@login_required
@require_POST
@limit_writes("write", limit=20, window=60)
def club_leave(request: HttpRequest, pk: int) -> HttpResponse:
    found = club_with_permission(request, pk, "learning.join_club")
    if actions.do_leave_club(request.user, found):
        messages.success(request, _("You have left the study club."))
    return redirect(found)


@require_safe
def club_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Every meeting of the club, for a calendar (core/ical.py)."""
    found = club_with_permission(request, pk)
    host = request.get_host()
    place = _("Online") if found.online and not found.place else found.place
    events = [
        ical.Event(
            uid=f"study-club-{found.pk}-{n}@{host}",
            summary=found.name,
            start=start,
            end=start + dt.timedelta(minutes=found.duration_minutes),
            description=bilingual.resolve(found, "description")[0],
            location=place,
            url=request.build_absolute_uri(found.get_absolute_url()),
        )
        for n, start in enumerate(found.meeting_times(), 1)
    ]
    return ical.calendar_response(events, f"study-club-{found.pk}.ics", name=found.name, tz=ical.LONDON)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("subscribe", limit=10, window=60)
def club_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """The club's announcements by email: for its members only."""
    found = club_with_permission(request, pk)
    if not ClubMember.objects.filter(club=found, user=request.user).exists():
        raise PermissionDenied
    return subscription_page(request, club_topic(found), Subscriber.user(request.user.pk))


@require_safe
def item_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = item(slug)
    progress = Progress.objects.filter(user=request.user, item=found).first() if request.user.is_authenticated else None
    return render_page(
        request,
        "learning/item.html",
        {
            "item": found,
            "progress": progress,
            "paths": LearningPath.objects.filter(steps__item=found),
            "page_title": found.title,
        },
        keep=bool(progress and progress.saved),
    )


@login_required
@require_POST
@limit_writes("write", limit=30, window=60)
def item_progress(request: HttpRequest, slug: str) -> HttpResponse:
    found = item(slug)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do"))
        return redirect(found)
    do = form.cleaned_data["do"]
    if do in ("save", "unsave"):
        actions.do_set_progress(request.user, found, saved=do == "save")
        messages.success(
            request,
            _("Saved. You can read it offline on this phone, and find it in “My learning”.")
            if do == "save"
            else _("Removed from your saved learning."),
        )
    else:
        actions.do_set_progress(request.user, found, status=do)
        messages.success(request, _("Your progress has been saved."))
    return redirect(found)


@require_safe
def path_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = path(slug)
    steps = list(found.steps.select_related("item"))
    done: dict[int, str] = {}
    if request.user.is_authenticated:
        done = dict(
            Progress.objects.filter(user=request.user, item__in=[s.item for s in steps]).values_list(
                "item_id", "status"
            )
        )
    return render_page(
        request,
        "learning/path.html",
        {
            "path": found,
            "steps": [(step, done.get(step.item_id, Progress.Status.NOT_STARTED)) for step in steps],
            "done_count": sum(1 for status in done.values() if status == Progress.Status.DONE),
            "page_title": found.title,
        },
        keep=True,
    )


@require_safe
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's own learning: its noticeboards, and the learning items and paths it wrote."""
    found = get_object_or_404(Organisation, slug=slug)
    return render_page(
        request,
        "learning/organisation.html",
        {
            "organisation": found,
            "boards": found.boards.all(),
            "paths": found.learning_paths.annotate(step_count=Count("steps")).order_by("title"),
            "items": found.learning_items.order_by("title"),
            "can_manage": request.user.has_perm("learning.manage_organisation_boards", found),
            "page_title": bilingual.resolve(found, "name")[0],
        },
        keep=True,
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """A person's own learning: saved items, progress, the clubs they joined. Kept offline with what it lists."""
    progress = list(Progress.objects.filter(user=request.user).select_related("item").order_by("-updated_at"))
    clubs = list(StudyClub.objects.filter(members__user=request.user).select_related("board").order_by("first_meeting"))
    saved = [p for p in progress if p.saved]
    urls = [p.item.get_absolute_url() for p in saved] + [c.get_absolute_url() for c in clubs]
    urls += sorted({c.board.get_absolute_url() for c in clubs})
    return render_page(
        request,
        "learning/mine.html",
        {
            "saved": saved,
            "progress": [p for p in progress if p.status != Progress.Status.NOT_STARTED],
            "clubs": clubs,
            "page_title": _("My learning"),
        },
        keep=True,
        urls=[reverse("learning:home"), *urls],
    )
