from django.urls import include, path, re_path

from coproduce.api import pages
from coproduce.api.errors import json_not_found
from coproduce.api.main import api

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
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", json_not_found),
    path("", include(public)),
    path("staff/", include(staff_area)),
]
