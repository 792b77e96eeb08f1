"""The staff side of delivery: actions from decisions, status and updates, iterations, the board, the audit trail
and starting the next cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.forms import bilingual_initial, render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.delivery import actions
from coproduce.delivery.board import board_columns
from coproduce.delivery.forms import (
    ActionForm,
    ActionStatusForm,
    ActionTextsForm,
    AssignIterationForm,
    IterationForm,
    NextCycleForm,
    UpdateForm,
)
from coproduce.delivery.models import Action, ActionUpdate, Iteration
from coproduce.delivery.views import ENGAGEMENTS, _action, action_page
from coproduce.engagements.access import engagement_for_managing, engagement_with_permission
from coproduce.engagements.models import AuditEvent
from coproduce.engagements.staff import save_texts_page
from coproduce.proposals.models import Decision

# Marked for the catalogue; translated into each language of the next cycle's title.
NEXT_CYCLE = gettext_noop("next cycle")


def _managed(request: HttpRequest, slug: str):
    return engagement_for_managing(request, slug, ENGAGEMENTS)


def _managed_action(request: HttpRequest, slug: str, pk: int) -> Action:
    """An action of an engagement this person manages, with its thread and that engagement."""
    return _action(_managed(request, slug), pk)


def _with_permission(request: HttpRequest, slug: str, permission: str):
    """Staff pages other than managing: the board and the audit trail."""
    return engagement_with_permission(request, slug, permission, ENGAGEMENTS)


@login_required
@require_safe
def board(request: HttpRequest, slug: str) -> HttpResponse:
    """Planned, in progress, done (and not possible), optionally for one iteration."""
    engagement = _with_permission(request, slug, "delivery.view_board")
    iterations = list(Iteration.objects.filter(engagement=engagement))
    chosen = next((i for i in iterations if str(i.pk) == request.GET.get("iteration")), None)
    rows = (
        Action.objects.filter(engagement=engagement)
        .select_related("engagement", "decision", "iteration")
        .order_by("target_date", "pk")
    )
    if chosen is not None:
        rows = rows.filter(iteration=chosen)
    columns, not_possible = board_columns(rows)
    return render(
        request,
        "delivery/staff_board.html",
        {
            "engagement": engagement,
            "columns": columns,
            "iterations": iterations,
            "chosen": chosen,
            "not_possible": not_possible,
            "languages": engagement.languages,
            "can_manage": request.user.has_perm("delivery.manage", engagement),
            "can_audit": request.user.has_perm("delivery.view_audit", engagement),
            "has_decisions": Decision.objects.filter(engagement=engagement).exists(),
            "today": timezone.localdate(),
            "section": "delivery",
            "page_title": _("Actions board"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _managed(request, slug)
    decisions = Decision.objects.filter(engagement=engagement)
    iterations = Iteration.objects.filter(engagement=engagement)
    initial = {"decision": request.GET.get("decision")} if request.GET.get("decision", "").isdigit() else None
    form = ActionForm(
        request.POST if request.method == "POST" else None, decisions=decisions, iterations=iterations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = actions.do_create_action(
            request.user,
            data["decision"],
            **form.all_texts(),
            target_date=data["target_date"],
            iteration=data["iteration"],
        )
        messages.success(request, _("The action has been added. It is shown on the “you said, we did” page."))
        return redirect(item)
    return render_form_page(
        request,
        "delivery/staff_action_new.html",
        {
            "engagement": engagement,
            "form": form,
            "has_decisions": decisions.exists(),
            "section": "delivery",
            "page_title": _("Add an action"),
        },
    )


@login_required
@require_POST
@limit_writes("staff_write")
def action_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _managed_action(request, slug, pk)
    form = ActionStatusForm(request.POST, prefix="status")
    if not form.is_valid():
        return action_page(request, item.engagement, item, status_form=form)
    data = form.cleaned_data
    if actions.do_set_action_status(
        request.user, item, data["status"], reason=form.texts("reason"), text=form.texts("text")
    ):
        messages.success(
            request, _("The status has been changed to: %(status)s.") % {"status": item.get_status_display()}
        )
    else:
        messages.info(
            request,
            _("The status was already %(status)s. Nothing was changed.") % {"status": item.get_status_display()},
        )
    return redirect(item)


@login_required
@require_POST
@limit_writes("staff_write")
def action_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _managed_action(request, slug, pk)
    form = UpdateForm(request.POST, prefix="update")
    if not form.is_valid():
        return action_page(request, item.engagement, item, update_form=form)
    actions.do_add_update(request.user, item, form.texts("text"))
    messages.success(request, _("The update has been published."))
    return redirect(item)


@login_required
@require_POST
@limit_writes("staff_write")
def action_iteration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _managed_action(request, slug, pk)
    form = AssignIterationForm(
        request.POST, prefix="iteration", iterations=Iteration.objects.filter(engagement=item.engagement)
    )
    if not form.is_valid():
        return action_page(request, item.engagement, item, iteration_form=form)
    actions.do_assign_iteration(request.user, item, form.cleaned_data["iteration"])
    messages.success(request, _("Your changes have been saved."))
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def iterations(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = _managed(request, slug)
    form = IterationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_create_iteration(request.user, engagement, **_iteration_data(form))
        messages.success(request, _("The iteration has been added."))
        return redirect("delivery_staff:iterations_edit", engagement.slug)
    return render_form_page(
        request,
        "delivery/staff_iterations.html",
        {
            "engagement": engagement,
            "form": form,
            "iterations": Iteration.objects.filter(engagement=engagement),
            "section": "delivery",
            "page_title": _("Iterations"),
        },
    )


def _iteration_data(form: IterationForm) -> dict[str, Any]:
    """What the iteration actions take from the iteration form: its texts in each language and its dates."""
    return {**form.all_texts(), "starts_on": form.cleaned_data["starts_on"], "ends_on": form.cleaned_data["ends_on"]}


@login_required
@require_safe
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    """Every change recorded for this engagement, newest first: for organisation admins."""
    engagement = _with_permission(request, slug, "delivery.view_audit")
    events = (
        AuditEvent.objects.filter(engagement=engagement).select_related("actor").order_by("-created_at", "-pk")[:500]
    )
    return render(
        request,
        "delivery/staff_audit.html",
        {
            "engagement": engagement,
            "events": events,
            "section": "audit",
            "page_title": _("Audit trail"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def next_cycle(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the next cycle: a new engagement whose conversation is seeded from the feedback and open actions."""
    engagement = _managed(request, slug)
    initial = {
        "title_en": f"{engagement.title_en}: {_translated(NEXT_CYCLE, 'en')}" if engagement.title_en else "",
        "title_cy": f"{engagement.title_cy}: {_translated(NEXT_CYCLE, 'cy')}" if engagement.title_cy else "",
        "seeds": "\n".join(actions.next_cycle_seeds(engagement)),
    }
    form = NextCycleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        following = actions.do_start_next_cycle(
            request.user,
            engagement,
            title_en=data["title_en"],
            title_cy=data["title_cy"],
            seeds=data["seeds"],
        )
        messages.success(
            request,
            _("The next cycle has been created, private until you open it. Check its details, boundaries and phases."),
        )
        return redirect("staff:engagement", following.slug)
    return render_form_page(
        request,
        "delivery/staff_next_cycle.html",
        {
            "engagement": engagement,
            "form": form,
            "section": "delivery",
            "page_title": _("Start the next cycle"),
        },
    )


def _translated(text: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _(text)


def _texts_page(
    request: HttpRequest, engagement, form, save: Callable[[], object], *, then: Any, back_url: str, page_title: str
) -> HttpResponse:
    return save_texts_page(
        request, engagement, form, save, then=then, back_url=back_url, section="delivery", page_title=page_title
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def action_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    item = get_object_or_404(Action.objects.filter(engagement=engagement), pk=pk)
    item.engagement = engagement
    form = ActionTextsForm(
        request.POST if request.method == "POST" else None,
        action=item,
        initial=bilingual_initial(item, *ActionTextsForm.bilingual),
    )
    return _texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_action_texts(request.user, item, **form.all_texts()),
        then=item,
        back_url=item.get_absolute_url(),
        page_title=_("The action in English and Welsh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def update_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    update = get_object_or_404(
        ActionUpdate.objects.filter(action__engagement=engagement).select_related("action"), pk=pk
    )
    update.action.engagement = engagement
    form = UpdateForm(
        request.POST if request.method == "POST" else None, update=update, initial=bilingual_initial(update, "text")
    )
    return _texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_update(request.user, update, form.texts("text")),
        then=f"{update.action.get_absolute_url()}#update-{update.pk}",
        back_url=update.action.get_absolute_url(),
        page_title=_("The update in English and Welsh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def iteration_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = _managed(request, slug)
    iteration = get_object_or_404(Iteration.objects.filter(engagement=engagement), pk=pk)
    iteration.engagement = engagement
    initial = {**bilingual_initial(iteration, *IterationForm.bilingual), "starts_on": iteration.starts_on}
    form = IterationForm(
        request.POST if request.method == "POST" else None, initial={**initial, "ends_on": iteration.ends_on}
    )
    back_url = reverse("delivery_staff:iterations_edit", args=[engagement.slug])
    return _texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_edit_iteration(request.user, iteration, **_iteration_data(form)),
        then=back_url,
        back_url=back_url,
        page_title=_("Edit the iteration"),
    )
