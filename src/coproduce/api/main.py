"""The API: /api/v1/, OpenAPI 3 at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from coproduce.api import errors
from coproduce.api.auth import AUTH
from coproduce.api.routers import analysis, engagements, exports, organisations, participants, statements, votes

DESCRIPTION = """
The coproduce API: organisations, engagements (with boundaries and phases), statements, votes, the latest
analysis and the open data downloads. Everything that is not personal is readable without signing in;
private engagements only by their members and by their organisation's API keys.

**Authentication** (any one):
`Authorization: Bearer <API key>` (an organisation's key, read or write scope, made by its admins in the staff area);
`X-Participant-Token: <token>` (returned by `POST /engagements/{slug}/participants`, for voting clients);
or the browser's session cookie (writes need Django's CSRF token in `X-CSRFToken`).

**Errors** always look like `{"error": {"code": "...", "message": "...", "details": [...]}}`, with the message in
the request's language (`Accept-Language: en` or `cy`). Writes are rate limited: 429 with `Retry-After`.

Open data is published under the organisation's licence (Open Government Licence v3.0 unless it chose another).
"""


class CoproduceAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Every operation also answers without credentials (public data, or a clear 401): say so.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and operation.get("security") and {} not in operation["security"]:
                    operation["security"].append({})
        return schema


api = CoproduceAPI(
    title="coproduce API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=AUTH,
)
errors.install(api)
for module in (organisations, engagements, participants, statements, votes, analysis, exports):
    api.add_router("", module.router)
