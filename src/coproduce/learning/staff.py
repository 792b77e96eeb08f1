"""The managers' side of a board: notices (posting, pinning, moderating guest posts) and study clubs (creating one,
its members and announcements, for its host too). Every view fetches through coproduce.learning.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import bilingual_initial, render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.delivery.models import Action
from coproduce.engagements.models import Engagement, Organisation
from coproduce.learning import actions
from coproduce.learning.access import board_with_permission, club_with_permission, notice_with_permission
from coproduce.learning.forms import (
    ITEM_FIELDS,
    ActionPathForm,
    AnnouncementForm,
    BoardForm,
    ClubForm,
    LearningItemForm,
    ModerateForm,
    NoticeForm,
    PathForm,
    StepForm,
)
from coproduce.learning.models import ActionPath, LearningItem, LearningPath, Notice
from coproduce.learning.rules import managed_organisation_ids
from coproduce.networks.models import Network

CLUB_FIELDS = ("online", "language", "first_meeting", "repeat", "meetings", "duration_minutes", "capacity")


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
            "items": organisation.learning_items.order_by("title"),
            "paths": organisation.learning_paths.order_by("title"),
            "form": form,
            "page_title": _("Noticeboards"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def board_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The board's name and description, in English and Welsh."""
    board = board_with_permission(request, slug, "learning.manage_board")
    form = BoardForm(
        request.POST if request.method == "POST" else None, initial=bilingual_initial(board, "name", "description")
    )
    if request.method == "POST" and form.is_valid():
        actions.do_update_board(request.user, board, name=form.texts("name"), description=form.texts("description"))
        messages.success(request, _("Your changes have been saved."))
        return redirect("learning_staff:board", board.slug)
    return render_form_page(
        request,
        "learning/staff_form.html",
        {
            "form": form,
            "back": board,
            "caption": board,
            "page_title": _("Change the noticeboard"),
            "button": _("Save the changes"),
        },
    )


def _owner_boards(request: HttpRequest, owner, form_owner: dict) -> HttpResponse:
    form = BoardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        board = actions.do_create_board(request.user, form.texts("name"), form.texts("description"), **form_owner)
        messages.success(request, _("The noticeboard has been created."))
        return redirect("learning_staff:board", board.slug)
    return render_form_page(
        request,
        "learning/staff_owner_boards.html",
        {"owner": owner, "boards": owner.boards.all(), "form": form, "page_title": _("Noticeboards")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def network_boards(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's noticeboards, and starting one (its coordinators)."""
    network = get_object_or_404(Network, slug=slug)
    if not request.user.has_perm("learning.manage_network_boards", network):
        raise PermissionDenied
    return _owner_boards(request, network, {"network": network})


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def engagement_boards(request: HttpRequest, slug: str) -> HttpResponse:
    """An engagement's noticeboards, and starting one (its managers: the organisation's admins, its facilitators)."""
    engagement = get_object_or_404(Engagement.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("learning.manage_engagement_boards", engagement):
        raise PermissionDenied
    return _owner_boards(request, engagement, {"engagement": engagement})


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_with_permission(request, pk, "learning.moderate_notice")
    initial = {
        **bilingual_initial(notice, "title", "body"),
        "category": notice.category,
        "pinned": notice.pinned,
        "expires_on": notice.expires_on,
    }
    form = NoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_update_notice(
            request.user,
            notice,
            title=form.texts("title"),
            body=form.texts("body"),
            category=data["category"],
            pinned=data["pinned"],
            expires_on=data["expires_on"],
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("learning_staff:board", notice.board.slug)
    return render_form_page(
        request,
        "learning/staff_form.html",
        {
            "form": form,
            "back": notice.board,
            "caption": notice.board,
            "page_title": _("Change the notice"),
            "button": _("Save the changes"),
        },
    )


def _confirm_delete(request: HttpRequest, thing, board, delete, done: str) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect("learning_staff:board", board.slug)
    return render_form_page(
        request,
        "learning/staff_confirm.html",
        {"thing": thing, "board": board, "page_title": _("Are you sure you want to delete this?")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def notice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; sending it withdraws the notice."""
    notice = notice_with_permission(request, pk, "learning.moderate_notice")
    return _confirm_delete(
        request,
        notice,
        notice.board,
        lambda: actions.do_delete_notice(request.user, notice),
        _("The notice has been deleted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def club_edit(request: HttpRequest, pk: int) -> HttpResponse:
    club = club_with_permission(request, pk, "learning.manage_club")
    initial = {
        **bilingual_initial(club, "name", "description", "place"),
        **{name: getattr(club, name) for name in CLUB_FIELDS},
        "courses": list(club.courses.all()),
    }
    form = ClubForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_update_club(
            request.user,
            club,
            texts=form.all_texts(),
            courses=data["courses"],
            **{name: data[name] for name in CLUB_FIELDS},
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("learning_staff:club", club.pk)
    return render_form_page(
        request,
        "learning/staff_form.html",
        {
            "form": form,
            "back": club.board,
            "caption": club,
            "page_title": _("Change the study club"),
            "button": _("Save the changes"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def club_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; sending it closes the club (its members and announcements go with it)."""
    club = club_with_permission(request, pk, "learning.manage_club")
    return _confirm_delete(
        request,
        club,
        club.board,
        lambda: actions.do_delete_club(request.user, club),
        _("The study club has been deleted."),
    )


def _catalogue_writer(request: HttpRequest) -> None:
    if not request.user.has_perm("learning.write_catalogue"):
        raise PermissionDenied


def _changeable(request: HttpRequest, model, slug: str):
    """An item or a path the person may change: the platform's (any catalogue writer), or their organisation's."""
    _catalogue_writer(request)
    thing = get_object_or_404(model, slug=slug)
    if not request.user.has_perm("learning.change_learning", thing):
        raise PermissionDenied
    return thing


def _owners(request: HttpRequest, current=None):
    """The organisations the person may give an item or a path to (their own; the current owner stays)."""
    if request.user.is_superuser:
        return Organisation.objects.order_by("slug")
    ids = set(managed_organisation_ids(request.user))
    if current is not None and current.organisation_id is not None:
        ids.add(current.organisation_id)
    return Organisation.objects.filter(pk__in=ids).order_by("slug")


def _visible_to_writer(request: HttpRequest, model):
    rows = model.objects.select_related("organisation").order_by("title")
    if request.user.is_superuser:
        return rows
    return rows.filter(Q(organisation__isnull=True) | Q(organisation_id__in=managed_organisation_ids(request.user)))


def _initial_owner(request: HttpRequest, owners) -> dict:
    """Started from an organisation's page (?for=its slug): that organisation, if the person manages it."""
    wanted = request.GET.get("for", "")
    owner = owners.filter(slug=wanted).first() if wanted else None
    return {"organisation": owner} if owner else {}


@login_required
@require_http_methods(["GET"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """The learning items and paths the person may change (the platform's, and their organisations' own), each with
    a link to change it, and links to add one."""
    _catalogue_writer(request)
    return render_form_page(
        request,
        "learning/staff_catalogue.html",
        {
            "items": _visible_to_writer(request, LearningItem),
            "paths": _visible_to_writer(request, LearningPath),
            "page_title": _("Learning items and paths"),
        },
    )


def _item_page(request: HttpRequest, item: LearningItem | None) -> HttpResponse:
    owners = _owners(request, item)
    if item is None:
        initial: dict = {"level": "introduction", "topic": "coproduction", "language": "both", "minutes": 30}
        initial["phone_friendly"] = True
        initial.update(_initial_owner(request, owners))
    else:
        initial = {**bilingual_initial(item, "title", "summary", "body"), **{n: getattr(item, n) for n in ITEM_FIELDS}}
    form = LearningItemForm(request.POST if request.method == "POST" else None, initial=initial, owners=owners)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        if item is None:
            item = actions.do_add_item(request.user, **form.all_texts(), **fields)
            messages.success(request, _("The learning item has been added."))
        else:
            actions.do_update_item(request.user, item, texts=form.all_texts(), **fields)
            messages.success(request, _("Your changes have been saved."))
        return redirect(item)
    return render_form_page(
        request,
        "learning/staff_form.html",
        {
            "form": form,
            "back_catalogue": True,
            "caption": item,
            "page_title": _("Add a learning item") if item is None else _("Change the learning item"),
            "button": _("Save the learning item"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def item_new(request: HttpRequest) -> HttpResponse:
    _catalogue_writer(request)
    return _item_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def item_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_page(request, _changeable(request, LearningItem, slug))


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def path_new(request: HttpRequest) -> HttpResponse:
    _catalogue_writer(request)
    owners = _owners(request)
    form = PathForm(
        request.POST if request.method == "POST" else None,
        initial={"topic": "coproduction", **_initial_owner(request, owners)},
        owners=owners,
    )
    if request.method == "POST" and form.is_valid():
        path = actions.do_create_path(
            request.user,
            title=form.texts("title"),
            description=form.texts("description"),
            topic=form.cleaned_data["topic"],
            items=[],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, _("The learning path has been created. Now add its items."))
        return redirect("learning_staff:path_edit", path.slug)
    return render_form_page(
        request,
        "learning/staff_form.html",
        {
            "form": form,
            "back_catalogue": True,
            "page_title": _("Create a learning path"),
            "button": _("Create the learning path"),
        },
    )


def _path_context(path: LearningPath, **extra) -> dict:
    steps = list(path.steps.select_related("item").order_by("position"))
    on_path = {step.item_id for step in steps}
    return {
        "path": path,
        "steps": steps,
        "addable": [item for item in LearningItem.objects.order_by("title") if item.pk not in on_path],
        "page_title": _("Change the learning path"),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def path_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The path's texts, and its items in order: add, move up or down, remove (each a small form)."""
    path = _changeable(request, LearningPath, slug)
    initial = {
        **bilingual_initial(path, "title", "description"),
        "topic": path.topic,
        "organisation": path.organisation_id,
    }
    form = PathForm(request.POST if request.method == "POST" else None, initial=initial, owners=_owners(request, path))
    if request.method == "POST" and form.is_valid():
        actions.do_update_path(
            request.user,
            path,
            title=form.texts("title"),
            description=form.texts("description"),
            topic=form.cleaned_data["topic"],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("learning_staff:path_edit", path.slug)
    return render_form_page(request, "learning/staff_path.html", _path_context(path, form=form))


@login_required
@require_POST
@limit_writes("staff_write")
def path_steps(request: HttpRequest, slug: str) -> HttpResponse:
    path = _changeable(request, LearningPath, slug)
    form = StepForm(request.POST, path=path)
    if not form.is_valid():
        owners = _owners(request, path)
        initial = {**bilingual_initial(path, "title", "description"), "organisation": path.organisation_id}
        context = _path_context(path, form=PathForm(initial=initial, owners=owners))
        context["step_form"] = form
        return render(request, "learning/staff_path.html", context, status=400)
    data = form.cleaned_data
    try:
        if data["do"] == "add":
            actions.do_add_step(request.user, path, data["item"])
            messages.success(request, _("The item has been added to the end of the path."))
        elif data["do"] == "remove":
            actions.do_remove_step(request.user, path, data["step_obj"])
            messages.success(request, _("The item has been taken off the path."))
        else:
            actions.do_move_step(request.user, path, data["step_obj"], data["do"] == "up")
            messages.success(request, _("The order has been changed."))
    except actions.LearningError:
        messages.info(request, _("That item is already on the path. Nothing was changed."))
    return redirect("learning_staff:path_edit", path.slug)


def network_section(network, organisation_ids, request) -> dict:
    """The network page's part (engagements.registry.NETWORK): its boards; one query, and the coordinators' own
    (cached per request by networks.rules)."""
    return {
        "network": network,
        "boards": list(network.boards.all()),
        "coordinates": request.user.has_perm("learning.manage_network_boards", network),
    }


def journey_steps_section(steps, organisation, request) -> dict | None:
    """A journey round's results page (engagements.registry.JOURNEY_STEPS): the learning path each agreed next step
    points to, and for the people who manage the step's action a form to choose one (the platform's paths and the
    organisation's own; a network's round has no organisation: the platform's only). Two queries, whatever the number
    of steps."""
    if not steps:
        return None
    for step in steps:
        if organisation is not None and step.action.organisation_id == organisation.pk:
            # The round's organisation, already loaded: the permission below then reads its cached roles, no query.
            step.action.organisation = organisation
    links = {
        link.action_id: link.path
        for link in ActionPath.objects.filter(action_id__in=[step.action_id for step in steps]).select_related("path")
    }
    rows = [
        {
            "step": step,
            "path": links.get(step.action_id),
            "may_link": request.user.has_perm("learning.link_path", step.action),
        }
        for step in steps
    ]
    paths = []
    if any(row["may_link"] for row in rows):
        paths = list(
            LearningPath.objects.filter(
                Q(organisation__isnull=True) | Q(organisation_id=getattr(organisation, "pk", None))
            ).order_by("title")
        )
    return {"rows": rows, "paths": paths, "back": request.get_full_path()}


@login_required
@require_POST
@limit_writes("staff_write")
def action_path(request: HttpRequest, pk: int) -> HttpResponse:
    """Point an action (a journey round's next step) to a learning path, or to none; back to the page it came from."""
    action = get_object_or_404(Action.objects.select_related("engagement__organisation", "organisation"), pk=pk)
    if not request.user.has_perm("learning.link_path", action):
        raise PermissionDenied
    organisation = action.organisation if action.engagement_id is None else action.engagement.organisation
    form = ActionPathForm(request.POST, organisation=organisation)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = reverse("learning:home")
    if not form.is_valid():
        messages.error(request, _("Choose a learning path"))
        return redirect(back)
    actions.do_link_path(request.user, action, form.cleaned_data["path"])
    messages.success(request, _("Your changes have been saved."))
    return redirect(back)
