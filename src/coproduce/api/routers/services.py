"""The services directory as Open Referral UK (issue 17): the ORUK API's own shapes, so that an ORUK client reads it.

`GET /services` is the ORUK paginated list (total_items, total_pages, page_number, size, first_page, last_page,
empty, contents), each service fully nested with its organization, as the standard's /services/{id} gives it;
`GET /services/{id}` one service. What a partner published about its service and nothing else: never who was
signposted there (signposting records are not served by the API at all). Texts in the language asked for
(Accept-Language), as the directory's ORUK download. A fixed number of queries per page.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.errors import ERRORS, not_found
from coproduce.signposting import oruk
from coproduce.signposting.models import Service

router = Router(tags=["services"])

MAX_PER_PAGE = 100


class ServiceFilters(Schema):
    search: str | None = Field(None, max_length=100, description="Words in a service's or its organisation's name.")
    page: int = Field(1, ge=1, le=1_000_000, description="Page number (from 1), as ORUK pages.")
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description=f"Services per page, 1 to {MAX_PER_PAGE}.")
    organization_id: uuid.UUID | None = Field(None, description="Only the services of this ORUK organization.")


class OrukPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]] = Field(
        description="ORUK services (https://openreferral.github.io/uk-profile/), each with its organization."
    )


@router.get(
    "/services",
    response={200: OrukPage, **ERRORS},
    operation_id="list_services",
    summary=gettext_noop("List the services directory (Open Referral UK)"),
)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]):
    services = Service.objects.order_by("name_en", "pk")
    if filters.search:
        words = filters.search.strip()
        services = services.filter(
            Q(name_en__icontains=words)
            | Q(name_cy__icontains=words)
            | Q(organisation__name_en__icontains=words)
            | Q(organisation__name_cy__icontains=words)
        )
    if filters.organization_id:
        services = services.filter(organisation_id=filters.organization_id)
    total = services.count()
    start = (filters.page - 1) * filters.per_page
    rows = list(oruk.services_prefetched(services)[start : start + filters.per_page])
    pages = math.ceil(total / filters.per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": filters.page,
        "size": len(rows),
        "first_page": filters.page == 1,
        "last_page": filters.page >= pages,
        "empty": not rows,
        "contents": [oruk.service_json(s, with_organisation=True) for s in rows],
    }


@router.get(
    "/services/{service_id}",
    response={200: dict[str, Any], **ERRORS},
    operation_id="get_service",
    summary=gettext_noop("One service, fully nested (Open Referral UK)"),
)
def get_service(request: HttpRequest, service_id: str):
    try:
        key = uuid.UUID(service_id)
    except ValueError:
        raise not_found() from None
    found = oruk.services_prefetched(Service.objects.filter(pk=key)).first()
    if found is None:
        raise not_found()
    return oruk.service_json(found, with_organisation=True)
