from django.urls import include, path

from coproduce.journeys import staff, views

public = (
    [
        path("answer/<str:token>/", views.answer, name="answer"),
        path("answered/", views.thanks, name="thanks"),
        path("journeys/rounds/<int:pk>/my-link/", views.take_link, name="take_link"),
        path("journeys/rounds/<int:pk>/", views.published, name="published"),
    ],
    "journeys",
)

staff_area = (
    [
        path("organisations/<slug:slug>/journeys/", staff.home, name="home"),
        path("organisations/<slug:slug>/journeys/rounds/new/", staff.round_new, name="round_new"),
        path("organisations/<slug:slug>/journeys/frameworks/", staff.frameworks, name="frameworks"),
        path(
            "organisations/<slug:slug>/journeys/frameworks/<slug:framework>.json",
            staff.framework_export,
            name="framework_export",
        ),
        path(
            "organisations/<slug:slug>/journeys/frameworks/<slug:framework>/edit/",
            staff.framework_edit,
            name="framework_edit",
        ),
        path(
            "organisations/<slug:slug>/journeys/frameworks/<slug:framework>/<slug:kind>/new/",
            staff.framework_part_new,
            name="framework_part_new",
        ),
        path(
            "organisations/<slug:slug>/journeys/frameworks/<slug:framework>/<slug:kind>/<int:pk>/",
            staff.framework_part,
            name="framework_part",
        ),
        path("organisations/<slug:slug>/journeys/<slug:framework>/", staff.journey_view, name="journey"),
        path("organisations/<slug:slug>/journeys/<slug:framework>/benchmark/", staff.benchmark, name="benchmark"),
        path("organisations/<slug:slug>/programme/", staff.programme_view, name="programme"),
        path("organisations/<slug:slug>/own-actions/", staff.own_actions, name="own_actions"),
        path("organisations/<slug:slug>/journeys-settings/", staff.settings_view, name="settings"),
        path("networks/<slug:slug>/journeys/", staff.network_home, name="network_home"),
        path("networks/<slug:slug>/journeys/rounds/new/", staff.network_round_new, name="network_round_new"),
        path("networks/<slug:slug>/journeys/<slug:framework>/", staff.network_journey_view, name="network_journey"),
        path("networks/<slug:slug>/own-actions/", staff.network_own_actions, name="network_own_actions"),
        path("journeys/rounds/<int:pk>/", staff.round_detail, name="round"),
        path("journeys/rounds/<int:pk>/results/", staff.results, name="results"),
        path("journeys/rounds/<int:pk>/report/", staff.report, name="report"),
    ],
    "journeys_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
