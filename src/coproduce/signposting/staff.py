"""The staff side of signposting: importing the directory (an organisation's admins), signposting a person from a
one-to-one conversation, recording the outcome, and the engagement's figures. Every view fetches through
coproduce.signposting.access or the engagement's and conversation's accessors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_with_permission
from coproduce.signposting import actions
from coproduce.signposting.access import (
    assets_to_signpost_to,
    conversation_to_signpost,
    organisation_for_directory,
    record_for,
    records_visible_to,
)
from coproduce.signposting.figures import figures
from coproduce.signposting.forms import ImportForm, OutcomeForm, SignpostForm
from coproduce.signposting.models import DirectoryOrganisation, Signposting


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write", limit=10)
def directory_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_directory(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        try:
            counts = actions.do_import_oruk(
                request.user, organisation, form.cleaned_data["parsed"], form.cleaned_data["language"]
            )
        except actions.KeptByAnother as refused:
            form.add_error(None, _("Some records belong to another organisation’s directory. Nothing was imported."))
            for problem in refused.problems[:20]:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("Imported %(organisations)d organisations and %(services)d services.") % counts,
            )
            return redirect("signposting_staff:import", organisation.slug)
    kept = DirectoryOrganisation.objects.filter(kept_by=organisation).prefetch_related("services")
    return render_form_page(
        request,
        "signposting/import.html",
        {"organisation": organisation, "form": form, "kept": kept, "page_title": _("Services directory")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def signpost(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Signpost the person of a one-to-one conversation to a service or an asset, with their consent."""
    conversation = conversation_to_signpost(request, slug, pk)
    engagement = conversation.engagement
    if conversation.notes_hidden:
        messages.error(
            request, _("The person withdrew their consent or was erased: they cannot be signposted from here.")
        )
        return redirect("listening_staff:conversation", engagement.slug, conversation.pk)
    form = SignpostForm(
        request.POST if request.method == "POST" else None, assets=assets_to_signpost_to(request, engagement)
    )
    if request.method == "POST" and form.is_valid():
        record = actions.do_signpost(request.user, conversation, form.target, form.cleaned_data["shared_with"])
        messages.success(request, _("Signposted. Record the outcome here when you know it."))
        return redirect("signposting_staff:record", engagement.slug, record.pk)
    return render_form_page(
        request,
        "signposting/signpost.html",
        {
            "engagement": engagement,
            "conversation": conversation,
            "form": form,
            "section": "signposting",
            "page_title": _("Signpost to a service or a strength"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    engagement = engagement_with_permission(request, slug, "signposting.view_figures")
    found = record_for(request, engagement, pk, "signposting.view_record")
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_record_outcome(request.user, found, form.cleaned_data["outcome"])
        messages.success(request, _("The outcome has been recorded."))
        return redirect("signposting_staff:record", engagement.slug, found.pk)
    return render_form_page(
        request,
        "signposting/record.html",
        {
            "engagement": engagement,
            "record": found,
            "form": form,
            "section": "signposting",
            "page_title": _("Signposting"),
        },
    )


@login_required
@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The engagement's figures (everyone on its staff) and the records this person may see."""
    engagement = engagement_with_permission(request, slug, "signposting.view_figures")
    rows = records_visible_to(request.user, engagement).select_related("service", "asset", "conversation")
    return render_form_page(
        request,
        "signposting/overview.html",
        {
            "engagement": engagement,
            "figures": figures(Signposting.objects.filter(engagement=engagement)),
            "records": rows,
            "section": "signposting",
            "page_title": _("Signposting"),
        },
    )
