from django.urls import include, path

from coproduce.signposting import staff, views

public = (
    [
        path("services/", views.directory, name="directory"),
        path("services/<str:pk>/", views.service, name="service"),
        path("organisations/<slug:slug>/services-oruk.json", views.export, name="export"),
    ],
    "signposting",
)

staff_area = (
    [
        path("organisations/<slug:slug>/directory/", staff.directory_import, name="import"),
        path("engagements/<slug:slug>/listening/<int:pk>/signpost/", staff.signpost, name="signpost"),
        path("engagements/<slug:slug>/signposting/", staff.overview, name="overview"),
        path("engagements/<slug:slug>/signposting/<int:pk>/", staff.record, name="record"),
    ],
    "signposting_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
