"""The API: /api/v1/, OpenAPI 3 at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from coproduce.api import errors
from coproduce.api.auth import AUTH
from coproduce.api.routers import (
    analysis,
    assets,
    delivery,
    directory,
    engagements,
    events,
    exports,
    journeys,
    learning,
    networks,
    organisations,
    participants,
    proposals,
    services,
    statements,
    votes,
)
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN

DESCRIPTION = """
The coproduce API: organisations, engagements (with boundaries and phases), statements, votes, the latest
analysis, the golden thread from there on (proposals, priorities, decisions, iterations, actions, updates, and
feedback as aggregates with small numbers held back), the open data downloads, and the community's strengths (the
public asset map), its networks of networks and the services directory (Open Referral UK). Everything that is not personal is readable without signing in;
private engagements only by their members and by their organisation's API keys.

**Authentication** (any one):
`Authorization: Bearer <API key>` (an organisation's key, read or write scope, made by its admins in the staff area);
`X-Participant-Token: <token>` (returned by `POST /engagements/{slug}/participants`, for voting clients);
or the browser's session cookie (writes need Django's CSRF token in `X-CSRFToken`).

**Errors** always look like `{"error": {"code": "...", "message": "...", "details": [...]}}`, with the message in
the request's language (`Accept-Language: en` or `cy`). Writes are rate limited: 429 with `Retry-After`.

Open data is published under the organisation's licence (Open Government Licence v3.0 unless it chose another).
"""


#: What the path parameters can be. Said once here rather than in every view's signature, and declared but not
#: checked by pydantic: an address naming something that cannot exist is simply not found (404), as any other.
PATH_PARAMETERS = {"slug": {"maxLength": SLUG_MAX_LENGTH, "pattern": SLUG_PATTERN}, "name": exports.NAME_SCHEMA}


class JsonParser(Parser):
    """JSON bodies as Python's json module reads them, less one thing it lets through: an escape such as \\ud800
    that is half of a character (a lone surrogate). No text can hold one (the database refused to store it: a 500),
    so such a body is not readable JSON here: 400, as any other (django-ninja turns a parser's error into 400)."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError for a lone surrogate
        return data


class CoproduceAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                # Every operation also answers without credentials (public data, or a clear 401): say so.
                if operation.get("security") and {} not in operation["security"]:
                    operation["security"].append({})
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path" and parameter["name"] in PATH_PARAMETERS:
                        parameter["schema"].update(PATH_PARAMETERS[parameter["name"]])
        return schema


api = CoproduceAPI(
    title="coproduce API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=AUTH,
    parser=JsonParser(),
)
errors.install(api)
for module in (
    organisations,
    engagements,
    participants,
    statements,
    votes,
    analysis,
    proposals,
    delivery,
    exports,
    assets,
    journeys,
    networks,
    services,
    directory,
    events,
    learning,
):
    api.add_router("", module.router)
