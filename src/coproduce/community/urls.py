from django.urls import include, path

from coproduce.community import staff, views

public = (
    [
        path("assets/", views.assets, name="assets"),
        path("assets/map.json", views.map_data, name="map_data"),
        path("assets/<int:pk>/", views.asset, name="asset"),
        path("assets/mine/", views.mine, name="mine"),
        path("organisations/<slug:slug>/offer-a-strength/", views.offer, name="offer"),
        path("organisations/<slug:slug>/questions/", views.questions, name="questions"),
        path("organisations/<slug:slug>/questions/new/", views.propose, name="propose"),
        path("questions/<int:pk>/support/", views.support, name="support"),
    ],
    "community",
)

staff_area = (
    [
        path("organisations/<slug:slug>/assets/", staff.organisation_assets, name="organisation_assets"),
        path("organisations/<slug:slug>/assets/new/", staff.asset_new, name="asset_new"),
        path("assets/<int:pk>/edit/", staff.asset_edit, name="asset_edit"),
        path("assets/<int:pk>/review/", staff.asset_review, name="asset_review"),
        path("engagements/<slug:slug>/assets/", staff.engagement_assets, name="engagement_assets"),
        path("engagements/<slug:slug>/proposals/<int:pk>/assets/", staff.proposal_assets, name="proposal_assets"),
        path("questions/<int:pk>/answer/", staff.question_answer, name="question_answer"),
    ],
    "community_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
