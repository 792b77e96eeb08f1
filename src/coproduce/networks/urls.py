from django.urls import include, path

from coproduce.networks import staff, views

public = (
    [
        path("networks/", views.network_list, name="list"),
        path("networks/<slug:slug>/", views.detail, name="detail"),
    ],
    "networks",
)

staff_area = (
    [
        path("networks/new/", staff.network_new, name="new"),
        path("networks/<slug:slug>/", staff.manage, name="manage"),
        path("networks/<slug:slug>/notes/new/", staff.note_new, name="note_new"),
        path("networks/<slug:slug>/audit/", staff.audit_trail, name="audit"),
        path("network-members/<int:pk>/answer/", staff.answer, name="answer"),
        path("network-members/<int:pk>/remove/", staff.remove, name="remove"),
        path("organisations/<slug:slug>/networks/", staff.organisation_networks, name="organisation"),
    ],
    "networks_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
