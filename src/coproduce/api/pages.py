"""Pages: the API's documentation, an engagement's open data downloads, and the staff page for API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.api import builds
from coproduce.api.actions import do_change_licence, do_create_api_key, do_revoke_api_key
from coproduce.api.forms import ApiKeyForm, LicenceForm
from coproduce.api.main import api
from coproduce.api.models import ApiKey
from coproduce.api.opendata import DOWNLOAD_NAMES, DOWNLOADS, licence_of
from coproduce.conversations.access import conversation_for_viewing, results_visible
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import organisation_for
from coproduce.engagements.models import Licence

NEW_KEY_SESSION = "api_new_key"


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": "/api/v1" + path if not path.startswith("/api/v1") else path,
            # The routers mark their summaries for the catalogue (gettext_noop): the schema stays in English, the page
            # speaks the reader's language.
            "summary": _(operation.get("summary", "")) if operation.get("summary") else "",
            "id": operation.get("operationId", ""),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api/docs.html", {"operations": operations, "page_title": _("API and open data")})


def _readable(request: HttpRequest, slug: str):
    conversation = conversation_for_viewing(request, slug)
    if not results_visible(request, conversation):
        raise Http404
    return conversation


def _open_data_page(request: HttpRequest, conversation, build, status: int = 200) -> HttpResponse:
    engagement = conversation.engagement
    response = render(
        request,
        "api/open_data.html",
        {
            "engagement": engagement,
            "downloads": [{"name": d.name, "description": d.description()} for d in DOWNLOADS],
            "licence": licence_of(engagement),  # the attribution line in both languages, and the licence address
            "licence_title": Licence(engagement.organisation.licence).label,  # in the reader's language
            "build": build,  # None until the first build has finished: the page says the files are being prepared
            "page_title": _("Open data: %(title)s") % {"title": engagement.title},
        },
        status=status,
    )
    if build is None:
        response["Retry-After"] = str(builds.RETRY_AFTER)
    return response


@require_safe
def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = _readable(request, slug)
    return _open_data_page(request, conversation, builds.status(conversation))


@require_safe
def open_data_file(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The kept file (api/builds.py): this request builds nothing. Until the first build has finished, the open
    data page, saying so, with 503 Service Unavailable and Retry-After."""
    conversation = _readable(request, slug)
    if name not in DOWNLOAD_NAMES:
        raise Http404
    response = builds.serve(request, conversation, name)
    if response is None:
        return _open_data_page(request, conversation, None, status=503)
    return response


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def api_keys(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "api.manage_api_keys")
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        key, secret = do_create_api_key(
            request.user, organisation, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        # Shown once, on the next page: kept in the session only until then, never stored anywhere else.
        request.session[NEW_KEY_SESSION] = {"id": key.pk, "secret": secret}
        return redirect("api_staff:api_keys", organisation.slug)
    new_key = request.session.pop(NEW_KEY_SESSION, None) if request.method == "GET" else None
    return render(
        request,
        "api/api_keys.html",
        {
            "organisation": organisation,
            "form": form,
            "licence_form": LicenceForm(initial={"licence": organisation.licence}),
            "keys": ApiKey.objects.filter(organisation=organisation).select_related("created_by"),
            "new_key": new_key,
            "page_title": _("API keys and open data licence"),
        },
    )


@login_required
@require_POST
@limit_writes("staff_write")
def api_key_revoke(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "api.manage_api_keys")
    key = get_object_or_404(ApiKey, organisation=organisation, pk=pk)
    if do_revoke_api_key(request.user, key):
        messages.success(request, _("The key “%(name)s” has been revoked. It no longer works.") % {"name": key.name})
    return redirect("api_staff:api_keys", organisation.slug)


@login_required
@require_POST
@limit_writes("staff_write")
def licence(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "api.choose_licence")
    form = LicenceForm(request.POST)
    if form.is_valid():
        do_change_licence(request.user, organisation, form.cleaned_data["licence"])
        messages.success(request, _("The open data licence has been saved."))
        return redirect("api_staff:api_keys", organisation.slug)
    return render(
        request,
        "api/api_keys.html",
        {
            "organisation": organisation,
            "form": ApiKeyForm(),
            "licence_form": form,
            "keys": ApiKey.objects.filter(organisation=organisation).select_related("created_by"),
            "new_key": None,
            "page_title": _("API keys and open data licence"),
        },
    )
