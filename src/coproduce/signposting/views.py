"""The public directory of partners' services, and each organisation's directory as Open Referral UK JSON."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coproduce.core.bilingual import current_language
from coproduce.engagements.models import Organisation
from coproduce.signposting import oruk
from coproduce.signposting.models import DirectoryOrganisation, Service

SERVICES_SHOWN = 200


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    services = Service.objects.filter(status="active").select_related("organisation")
    if query:
        services = services.filter(
            Q(name_en__icontains=query)
            | Q(name_cy__icontains=query)
            | Q(description_en__icontains=query)
            | Q(description_cy__icontains=query)
            | Q(organisation__name_en__icontains=query)
            | Q(organisation__name_cy__icontains=query)
        )
    return render(
        request,
        "signposting/directory.html",
        {"services": services[:SERVICES_SHOWN], "query": query, "page_title": _("Services directory")},
    )


@require_safe
def service(request: HttpRequest, pk: str) -> HttpResponse:
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise Http404 from None
    found = get_object_or_404(oruk.services_prefetched(Service.objects.all()), pk=key)
    addresses = [
        {"place": place, "address": (place.location.extra.get("addresses") or [{}])[0]}
        for place in found.service_at_locations.all()
    ]
    return render(
        request,
        "signposting/service.html",
        {"service": found, "places": addresses, "page_title": found.name},
    )


@require_safe
def export(request: HttpRequest, slug: str) -> JsonResponse:
    """Everything an organisation keeps in the directory: a list of ORUK organizations with their services, in
    the reader's language (?lang=cy for Welsh), the counterpart of the staff's import."""
    organisation = get_object_or_404(Organisation, slug=slug)
    language = request.GET.get("lang") or current_language()
    if language not in ("en", "cy"):
        raise Http404
    services = list(oruk.services_prefetched(Service.objects.filter(organisation__kept_by=organisation)))
    by_organisation: dict = {}
    for s in services:
        by_organisation.setdefault(s.organisation_id, []).append(s)
    data = [
        oruk.organisation_json(o, language, services=by_organisation.get(o.pk, []))
        for o in DirectoryOrganisation.objects.filter(kept_by=organisation)
    ]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-services-oruk.json"'
    return response
