"""The managers' side of a board: notices (posting, pinning, moderating guest posts) and study clubs (creating one,
its members and announcements, for its host too). Every view fetches through coproduce.learning.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.models import Organisation
from coproduce.learning import actions
from coproduce.learning.access import board_with_permission, club_with_permission, notice_with_permission
from coproduce.learning.forms import AnnouncementForm, BoardForm, ClubForm, ModerateForm, NoticeForm
from coproduce.learning.models import Notice


@login_required
@require_http_methods(["GET"])
def board_manage(request: HttpRequest, slug: str) -> HttpResponse:
    board = board_with_permission(request, slug, "learning.manage_board")
    notices = list(board.notices.order_by("-created_at", "-pk")[:100])
    return render_form_page(
        request,
        "learning/staff_board.html",
        {
            "board": board,
            "pending": [n for n in notices if n.status == Notice.Status.PENDING],
            "notices": [n for n in notices if n.status != Notice.Status.PENDING],
            "clubs": board.clubs.all(),
            "page_title": _("Manage the noticeboard"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def notice_new(request: HttpRequest, slug: str) -> HttpResponse:
    board = board_with_permission(request, slug, "learning.manage_board")
    form = NoticeForm(request.POST if request.method == "POST" else None, initial={"category": Notice.Category.NEWS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_post_notice(
            request.user,
            board,
            title=form.texts("title"),
            body=form.texts("body"),
            category=data["category"],
            pinned=data["pinned"],
            expires_on=data["expires_on"],
        )
        messages.success(request, _("The notice is published, and its followers will be told."))
        return redirect("learning_staff:board", board.slug)
    return render_form_page(
        request, "learning/staff_notice_new.html", {"board": board, "form": form, "page_title": _("Post a notice")}
    )


@login_required
@require_POST
@limit_writes("staff_write")
def notice_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_with_permission(request, pk, "learning.moderate_notice")
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer"))
        return redirect("learning_staff:board", notice.board.slug)
    answer = form.cleaned_data["answer"]
    if answer in ("pin", "unpin"):
        actions.do_pin_notice(request.user, notice, answer == "pin")
        messages.success(request, _("Pinned to the top.") if answer == "pin" else _("No longer pinned."))
    else:
        try:
            actions.do_moderate_notice(request.user, notice, answer == "approve")
        except actions.AlreadyModerated:
            messages.info(request, _("This was already answered. Nothing was changed."))
        else:
            messages.success(
                request, _("Published on the board.") if answer == "approve" else _("It will not be published.")
            )
    return redirect("learning_staff:board", notice.board.slug)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def club_new(request: HttpRequest, slug: str) -> HttpResponse:
    board = board_with_permission(request, slug, "learning.manage_board")
    form = ClubForm(
        request.POST if request.method == "POST" else None,
        initial={"repeat": "weekly", "meetings": 6, "duration_minutes": 60, "capacity": 12, "language": "both"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        club = actions.do_create_club(
            request.user,
            board,
            name=form.texts("name"),
            description=form.texts("description"),
            place=form.texts("place"),
            online=data["online"],
            language=data["language"],
            first_meeting=data["first_meeting"],
            repeat=data["repeat"],
            meetings=data["meetings"],
            duration_minutes=data["duration_minutes"],
            capacity=data["capacity"],
            courses=data["courses"],
        )
        messages.success(request, _("The study club is on the board. You are its host."))
        return redirect("learning_staff:club", club.pk)
    return render_form_page(
        request, "learning/staff_club_new.html", {"board": board, "form": form, "page_title": _("Start a study club")}
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def club_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's and organisers' page: who is in the club, and a message to them all."""
    club = club_with_permission(request, pk, "learning.announce")
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_announce(request.user, club, form.texts("text"))
        messages.success(request, _("Your message is on the club’s page, and emailed to the members who asked."))
        return redirect("learning_staff:club", club.pk)
    return render_form_page(
        request,
        "learning/staff_club.html",
        {
            "club": club,
            "members": club.members.select_related("user").order_by("joined_at"),
            "announcements": club.announcements.all()[:20],
            "form": form,
            "page_title": _("Manage the study club"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def organisation_boards(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's noticeboards, and starting one (its managers)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("learning.manage_organisation_boards", organisation):
        raise PermissionDenied
    form = BoardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        board = actions.do_create_board(
            request.user, form.texts("name"), form.texts("description"), organisation=organisation
        )
        messages.success(request, _("The noticeboard has been created."))
        return redirect("learning_staff:board", board.slug)
    return render_form_page(
        request,
        "learning/staff_organisation.html",
        {
            "organisation": organisation,
            "boards": organisation.boards.all(),
            "form": form,
            "page_title": _("Noticeboards"),
        },
    )
