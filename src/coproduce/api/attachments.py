"""Small open-data files built on request (the directory's, events' and journeys' CSV and JSON): the response and its
OpenAPI description, in one place. The conversations' large files are built in the background instead
(`coproduce.api.builds`)."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(content: bytes, filename: str, media_type: str = "text/csv") -> HttpResponse:
    """``content`` as an attachment named ``filename``."""
    response = HttpResponse(content, content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def attachment_openapi(media_type: str = "text/csv", what: str = "UTF-8 CSV with a header row.") -> dict:
    """The ``openapi_extra`` of an endpoint answering with :func:`attachment`."""
    schema = {"type": "string"} if media_type == "text/csv" else {"type": "array", "items": {"type": "object"}}
    return {
        "responses": {
            200: {
                "description": what,
                "headers": {"Content-Disposition": {"required": True, "schema": {"type": "string"}}},
                "content": {media_type: {"schema": schema}},
            }
        }
    }
