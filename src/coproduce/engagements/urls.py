from django.urls import include, path

from coproduce.engagements import my_data, staff, views

public = (
    [
        path("engagements/<slug:slug>/", views.detail, name="detail"),
        path("engagements/<slug:slug>/take-part/", views.take_part, name="take_part"),
        path("engagements/<slug:slug>/claim/", views.claim, name="claim"),
        path("join/<str:key>/", views.join_by_link, name="join_by_link"),
        # A person's own contributions and data (engagements/my_data.py): in one engagement, and for an account.
        path("engagements/<slug:slug>/my-contributions/", my_data.my_contributions, name="my_contributions"),
        path("engagements/<slug:slug>/my-data/", my_data.my_data, name="my_data"),
        path("engagements/<slug:slug>/my-data/download/", my_data.my_data_download, name="my_data_download"),
        path("accounts/my-contributions/", my_data.account_contributions, name="account_contributions"),
        path("accounts/my-data/", my_data.account_data, name="account_data"),
        path("accounts/my-data/download/", my_data.account_data_download, name="account_data_download"),
        path("my-data/deleted/", my_data.data_deleted, name="data_deleted"),
    ],
    "engagements",
)

staff_area = (
    [
        path("", staff.dashboard, name="dashboard"),
        path("organisations/new/", staff.organisation_create, name="organisation_create"),
        path("organisations/<slug:org_slug>/engagements/new/", staff.engagement_create, name="engagement_create"),
        path("organisations/<slug:org_slug>/members/", staff.organisation_members, name="organisation_members"),
        path(
            "organisations/<slug:org_slug>/languages/",
            staff.organisation_language_compliance,
            name="organisation_language_compliance",
        ),
        path(
            "organisations/<slug:org_slug>/members/<int:pk>/remove/",
            staff.organisation_member_remove,
            name="organisation_member_remove",
        ),
        path("engagements/<slug:slug>/", staff.engagement_edit, name="engagement"),
        path("engagements/<slug:slug>/boundaries/", staff.boundaries_edit, name="boundaries"),
        path("engagements/<slug:slug>/phases/", staff.phases, name="phases"),
        path("engagements/<slug:slug>/phases/<int:pk>/", staff.phase_edit, name="phase_edit"),
        path("engagements/<slug:slug>/phases/<int:pk>/delete/", staff.phase_delete, name="phase_delete"),
        path("engagements/<slug:slug>/perspectives/", staff.perspectives, name="perspectives"),
        path("engagements/<slug:slug>/perspectives/<int:pk>/", staff.perspective_edit, name="perspective_edit"),
        path(
            "engagements/<slug:slug>/perspectives/<int:pk>/delete/",
            staff.perspective_delete,
            name="perspective_delete",
        ),
        path("engagements/<slug:slug>/members/", staff.members, name="members"),
        path("engagements/<slug:slug>/languages/", staff.language_compliance, name="language_compliance"),
        path("engagements/<slug:slug>/members/<int:pk>/remove/", staff.member_remove, name="member_remove"),
    ],
    "staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
