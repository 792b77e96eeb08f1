"""Organisations: public facts (name, website) and the licence their open data is published under."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Query, Router

from coproduce.api.errors import ERRORS, not_found
from coproduce.api.opendata import licence_for
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import OrganisationOut, Page
from coproduce.engagements.models import Organisation

router = Router(tags=["organisations"])


def organisation_out(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "website": organisation.website,
        "licence": licence_for(organisation),
    }


@router.get(
    "/organisations",
    response={200: Page[OrganisationOut], **ERRORS},
    operation_id="list_organisations",
    summary=gettext_noop("List organisations"),
)
def list_organisations(request: HttpRequest, paging: Query[Paging]):
    return page(Organisation.objects.order_by("slug"), paging, organisation_out)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **ERRORS},
    operation_id="get_organisation",
    summary=gettext_noop("One organisation"),
)
def get_organisation(request: HttpRequest, slug: str):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise not_found()
    return organisation_out(organisation)
