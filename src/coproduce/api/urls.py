import functools

from django.urls import URLPattern, include, path, re_path

from coproduce.api import pages
from coproduce.api.errors import json_method_not_allowed, json_not_found
from coproduce.api.main import api


def _api_view(view):
    """Two things ninja leaves to us: a wrong method gets the API's error body (keeping Allow) instead of plain
    text; and reads may be made from any web page (CORS). "*" never lets a browser send its cookies with a
    cross-site request, so only what is readable without credentials becomes readable across sites."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            response = json_method_not_allowed(response["Allow"])
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


_api_patterns, _api_app, _api_namespace = api.urls
for pattern in _api_patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = _api_view(pattern.callback)

public = (
    [
        path("api/", pages.api_docs, name="docs"),
        path("engagements/<slug:slug>/open-data/", pages.open_data, name="open_data"),
        path("engagements/<slug:slug>/open-data/<str:name>", pages.open_data_file, name="open_data_file"),
    ],
    "api_pages",
)

staff_area = (
    [
        path("organisations/<slug:org_slug>/api-keys/", pages.api_keys, name="api_keys"),
        path("organisations/<slug:org_slug>/api-keys/<int:pk>/revoke/", pages.api_key_revoke, name="api_key_revoke"),
        path("organisations/<slug:org_slug>/licence/", pages.licence, name="licence"),
    ],
    "api_staff",
)

urlpatterns = [
    path("api/v1/", (_api_patterns, _api_app, _api_namespace)),
    re_path(r"^api/v1/(?P<rest>.*)$", json_not_found),
    path("", include(public)),
    path("staff/", include(staff_area)),
]
