"""Open data downloads of an engagement (CSV, JSON, Frictionless Data Package, Polis format)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router

from coproduce.api import builds
from coproduce.api.access import conversation_for_reading, results_readable
from coproduce.api.errors import ERRORS, ApiError, not_found
from coproduce.api.opendata import DOWNLOAD_NAMES, DOWNLOADS
from coproduce.api.schemas import ExportOut

router = Router(tags=["exports"])


def readable_conversation(request: HttpRequest, slug: str):
    conversation = conversation_for_reading(request, slug)
    if not results_readable(request, conversation):
        raise ApiError(403, "results_not_open", _("Open data is published once the results are."))
    return conversation


@router.get(
    "/engagements/{slug}/exports",
    response={200: list[ExportOut], **ERRORS},
    operation_id="list_exports",
    summary=gettext_noop("The open data files of an engagement"),
)
def list_exports(request: HttpRequest, slug: str):
    conversation = readable_conversation(request, slug)
    slug = conversation.engagement.slug
    return [
        {
            "name": d.name,
            "media_type": d.media_type,
            "description": d.description(),
            "url": reverse("api-1:get_export", kwargs={"slug": slug, "name": d.name}),
        }
        for d in DOWNLOADS
    ]


# What each kind of file is, as a client reads it: the JSON files are JSON objects (a client that parses them must
# not be told they are opaque bytes), the CSV files text, the zip files bytes.
FILE_SCHEMAS = {
    "application/json": {"type": "object", "description": "datapackage.json, engagement.json or analysis.json."},
    "text/csv": {"type": "string", "description": "UTF-8 CSV with a header row."},
    "application/zip": {"type": "string", "format": "binary"},
}
FILE_RESPONSE = {
    "description": "The file, as an attachment (Content-Disposition gives its name).",
    "headers": {
        "Content-Disposition": {
            "required": True,
            "schema": {"type": "string"},
            "description": 'attachment; filename="…"',
        }
    },
    "content": {media: {"schema": FILE_SCHEMAS[media]} for media in sorted({d.media_type for d in DOWNLOADS})},
}


#: The {name} of get_export (declared in main.CoproduceAPI with the slugs): any other is not found (404).
NAME_SCHEMA = {"enum": sorted(DOWNLOAD_NAMES)}


# Keyed 200 as ninja keys its own responses: under "200" it would be a second 200 answer beside ninja's bare "OK"
# (both written as "200" in the JSON, so which one a client read depended on its parser).
@router.get(
    "/engagements/{slug}/exports/{name}",
    response={200: None, **ERRORS},
    operation_id="get_export",
    summary=gettext_noop("Download one open data file"),
    openapi_extra={"responses": {200: FILE_RESPONSE}},
)
def get_export(request: HttpRequest, slug: str, name: str):
    conversation = readable_conversation(request, slug)
    if name not in DOWNLOAD_NAMES:
        raise not_found()
    # The kept file (api/builds.py), with ETag and Last-Modified (304 for a client that has it): built in the
    # background, never by this request. Until the first build has finished: 503 open_data_preparing, Retry-After.
    response = builds.serve(request, conversation, name)
    if response is None:
        raise ApiError(
            503,
            "open_data_preparing",
            _("The open data files are being prepared. Try again in a minute."),
            headers={"Retry-After": str(builds.RETRY_AFTER)},
        )
    return response
