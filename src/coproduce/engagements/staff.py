"""The staff area: create and edit engagements, their phases, boundaries, perspectives and members."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements import actions, compliance
from coproduce.engagements.access import engagement_for_managing, organisation_for
from coproduce.engagements.forms import (
    BoundariesForm,
    EngagementForm,
    MemberForm,
    OrganisationForm,
    PerspectiveForm,
    PhaseForm,
)
from coproduce.engagements.models import MANAGER_ROLES, Engagement, Membership, Organisation, Role


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("engagements.view_staff_area"):
        raise PermissionDenied
    memberships = Membership.objects.filter(user=request.user).exclude(role=Role.PARTICIPANT)
    org_wide_manager = memberships.filter(engagement__isnull=True, role__in=MANAGER_ROLES).values("organisation")
    engagements = (
        Engagement.objects.filter(
            Q(organisation__in=org_wide_manager)
            | Q(memberships__user=request.user, memberships__role__in=MANAGER_ROLES)
        )
        .select_related("organisation")
        .prefetch_related("phases")
        .distinct()
    )
    organisations = Organisation.objects.filter(pk__in=org_wide_manager)
    admin_of = set(
        memberships.filter(role=Role.ORG_ADMIN, engagement__isnull=True).values_list("organisation_id", flat=True)
    )
    roles = memberships.select_related("organisation", "engagement")
    return render(
        request,
        "staff/dashboard.html",
        {
            "engagements": engagements,
            "organisations": organisations,
            "admin_of": admin_of,
            "roles": roles,
            "page_title": _("Staff area"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Platform admins create organisations; then they add its first admin on its members page."""
    if not request.user.has_perm("engagements.create_organisation"):
        raise PermissionDenied
    form = OrganisationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        organisation = actions.do_create_organisation(request.user, form)
        messages.success(request, _("Organisation created. Now add its first admin."))
        return redirect("staff:organisation_members", organisation.slug)
    return render_form_page(
        request, "staff/organisation_form.html", {"form": form, "page_title": _("Create an organisation")}
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def engagement_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "engagements.create_engagement")
    form = EngagementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        engagement = actions.do_create_engagement(request.user, organisation, form)
        messages.success(request, _("Engagement created. Now set its boundaries and phases."))
        return redirect("staff:engagement", engagement.slug)
    return render(
        request,
        "staff/engagement_form.html",
        {"form": form, "organisation": organisation, "page_title": _("New engagement")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def engagement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _engagement_part(
        request, slug, EngagementForm, "details", _("Your changes have been saved."), "engagement", _("Edit engagement")
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def boundaries_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _engagement_part(
        request, slug, BoundariesForm, "boundaries", _("The boundaries have been saved."), "boundaries", _("Boundaries")
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def phases(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_managing(request, slug)
    form = PhaseForm(_posted(request))
    return _section_form(
        request,
        engagement,
        form,
        lambda: actions.do_save_phase(request.user, engagement, form),
        saved=_("Phase added."),
        then="staff:phases",
        template="staff/phases.html",
        section="phases",
        title=_("Phases"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def phase_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_for_managing(request, slug)
    phase = get_object_or_404(engagement.phases, pk=pk)
    form = PhaseForm(_posted(request), instance=copy(phase))
    return _section_form(
        request,
        engagement,
        form,
        lambda: actions.do_save_phase(request.user, engagement, form),
        saved=_("Phase saved."),
        then="staff:phases",
        template="staff/phase_edit.html",
        section="phases",
        title=_("Edit phase"),
        phase=phase,
    )


@login_required
@require_POST
@limit_writes("staff_write")
def phase_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _remove(request, slug, pk, "phases", actions.do_delete_phase, _("Phase removed."), "staff:phases")


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def perspectives(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_managing(request, slug)
    form = PerspectiveForm(_posted(request), engagement=engagement)
    return _section_form(
        request,
        engagement,
        form,
        lambda: actions.do_save_perspective(request.user, engagement, form),
        saved=_("Perspective added."),
        then="staff:perspectives",
        template="staff/perspectives.html",
        section="perspectives",
        title=_("Perspectives"),
    )


@login_required
@require_POST
@limit_writes("staff_write")
def perspective_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _remove(
        request,
        slug,
        pk,
        "perspectives",
        actions.do_delete_perspective,
        _("Perspective removed."),
        "staff:perspectives",
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def members(request: HttpRequest, slug: str) -> HttpResponse:
    engagement = engagement_for_managing(request, slug)
    form = _member_form(request, engagement.organisation, actions.ROLES_FOR_ENGAGEMENT)
    if request.method == "POST" and form.is_valid():
        try:
            _membership, created = actions.do_add_member(
                request.user,
                engagement.organisation,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                engagement,
            )
        except actions.RoleNeedsOrganisationAdmin:
            form.add_error("role", ROLE_NEEDS_ADMIN)
        else:
            _say_member_added(request, created)
            return redirect("staff:members", engagement.slug)
    rows = engagement.memberships.select_related("user")
    org_wide = engagement.organisation.memberships.filter(engagement__isnull=True).select_related("user")
    return render(
        request,
        "staff/members.html",
        {
            "engagement": engagement,
            "form": form,
            "memberships": rows,
            "org_wide": org_wide,
            "section": "members",
            "page_title": _("Members"),
        },
    )


@login_required
@require_POST
@limit_writes("staff_write")
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _remove(request, slug, pk, "memberships", actions.do_remove_member, _("Member removed."), "staff:members")


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def organisation_members(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "engagements.manage_organisation_members")
    form = _member_form(request, organisation, list(Role))
    if request.method == "POST" and form.is_valid():
        try:
            _membership, created = actions.do_add_member(
                request.user, organisation, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except actions.RoleNeedsOrganisationAdmin:
            form.add_error("role", ROLE_NEEDS_ADMIN)
        else:
            _say_member_added(request, created)
            return redirect("staff:organisation_members", organisation.slug)
    rows = organisation.memberships.filter(engagement__isnull=True).select_related("user")
    return render(
        request,
        "staff/organisation_members.html",
        {"organisation": organisation, "form": form, "memberships": rows, "page_title": _("Organisation members")},
    )


@login_required
@require_POST
@limit_writes("staff_write")
def organisation_member_remove(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "engagements.manage_organisation_members")
    membership = get_object_or_404(organisation.memberships.filter(engagement__isnull=True), pk=pk)
    if membership.user_id == request.user.pk and membership.role == Role.ORG_ADMIN:
        messages.error(request, _("You cannot remove your own admin role. Ask another organisation admin."))
        return redirect("staff:organisation_members", organisation.slug)
    actions.do_remove_member(request.user, membership)
    messages.success(request, _("Member removed."))
    return redirect("staff:organisation_members", organisation.slug)


def _posted(request: HttpRequest):
    """What a form is bound to: the POST, or nothing on a GET (an unbound form shows no errors)."""
    return request.POST if request.method == "POST" else None


def _section_form(
    request: HttpRequest,
    engagement: Engagement,
    form: BaseForm,
    save: Callable[[], object],
    *,
    saved: str,
    then: str,
    template: str,
    section: str,
    title: str,
    **context,
) -> HttpResponse:
    """A section of an engagement's staff pages with one form: a valid POST is saved (`save`), said (`saved`) and
    followed by the section `then`; otherwise the page, with the form's errors when it was sent."""
    if request.method == "POST" and form.is_valid():
        save()
        messages.success(request, saved)
        return redirect(then, engagement.slug)
    return render(
        request,
        template,
        {"engagement": engagement, "form": form, "section": section, "page_title": title, **context},
    )


def _engagement_part(
    request: HttpRequest, slug: str, form_class: type[BaseForm], part: str, saved: str, page: str, title: str
) -> HttpResponse:
    """A page that edits one part of the engagement itself (`part`: its details or its boundaries), whose URL
    name (under staff:) and template (under staff/) are both `page`."""
    engagement = engagement_for_managing(request, slug)
    # The form gets its own copy: a refused edit must not show up in the page heading as if it were saved.
    form = form_class(_posted(request), instance=copy(engagement))
    return _section_form(
        request,
        engagement,
        form,
        lambda: actions.do_update_engagement(request.user, engagement, form, part),
        saved=saved,
        then=f"staff:{page}",
        template=f"staff/{page}.html",
        section=part,
        title=title,
    )


def _remove(
    request: HttpRequest,
    slug: str,
    pk: int,
    related: str,
    remove: Callable[[object, Any], object],
    removed: str,
    then: str,
) -> HttpResponse:
    """Remove one of the engagement's `related` items (a phase, a perspective, a membership) with the action
    `remove`, say so (`removed`) and go back to its section `then`."""
    engagement = engagement_for_managing(request, slug)
    item = get_object_or_404(getattr(engagement, related), pk=pk)
    remove(request.user, item)
    messages.success(request, removed)
    return redirect(then, engagement.slug)


ROLE_NEEDS_ADMIN = gettext_lazy(
    "Only an organisation admin can give this role, because it can read confidential notes. Choose another role, "
    "or ask an admin."
)


def _member_form(request: HttpRequest, organisation: Organisation, roles: list[Role]) -> MemberForm:
    # Roles the person may not give are not offered (the action refuses them anyway).
    offered = [role for role in roles if actions.may_give_role(request.user, organisation, role)]
    return MemberForm(_posted(request), roles=roles, offered=offered)


def _say_member_added(request: HttpRequest, created: bool) -> None:
    if created:
        messages.success(request, _("Member added. They can sign in with a code sent to their email address."))
    else:
        messages.info(request, _("That person already has this role."))


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def perspective_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_for_managing(request, slug)
    perspective = get_object_or_404(engagement.perspectives, pk=pk)
    form = PerspectiveForm(_posted(request), instance=copy(perspective), engagement=engagement)
    back_url = reverse("staff:perspectives", args=[engagement.slug])
    return save_texts_page(
        request,
        engagement,
        form,
        lambda: actions.do_save_perspective(request.user, engagement, form),
        then=back_url,
        back_url=back_url,
        section="perspectives",
        page_title=_("The perspective in English and Welsh"),
    )


@login_required
@require_safe
def language_compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """Welsh Language Standards: everything in this engagement written in one language only, with where to fix it."""
    engagement = engagement_for_managing(request, slug)
    return render(
        request,
        "staff/language_compliance.html",
        {
            "engagement": engagement,
            "kinds": compliance.gaps([engagement.pk]) + compliance.organisation_gaps(engagement=engagement),
            "section": "languages",
            "page_title": _("Welsh and English"),
        },
    )


@login_required
@require_safe
def organisation_language_compliance(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The same for every engagement of the organisation: for its admins."""
    organisation = organisation_for(request, org_slug, "engagements.view_language_compliance")
    engagements = Engagement.objects.filter(organisation=organisation)
    return render(
        request,
        "staff/language_compliance.html",
        {
            "organisation": organisation,
            "kinds": compliance.gaps(engagements.values_list("pk", flat=True))
            + compliance.organisation_gaps(organisation=organisation),
            "page_title": _("Welsh and English"),
        },
    )


def render_texts_page(request: HttpRequest, engagement, form, **context) -> HttpResponse:
    """The page where staff write an item's texts in English and Welsh (staff/texts.html), for every app's items:
    context gives `back_url`, `section` (the staff navigation's current entry) and `page_title`."""
    return render_form_page(request, "staff/texts.html", {"engagement": engagement, "form": form, **context})


def save_texts_page(
    request: HttpRequest, engagement, form, save: Callable[[], object], *, then: Any, **context
) -> HttpResponse:
    """The texts page (render_texts_page) of a form that saves an item's texts: a valid POST is saved (`save`),
    said ("Your changes have been saved.") and followed by `then` (a URL, or an item with a page of its own);
    otherwise the page, with the form's errors when it was sent."""
    if request.method == "POST" and form.is_valid():
        save()
        messages.success(request, _("Your changes have been saved."))
        return redirect(then)
    return render_texts_page(request, engagement, form, **context)
