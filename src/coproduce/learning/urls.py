from django.urls import include, path

from coproduce.learning import offline, staff, views

public = (
    [
        path("learning/", views.home, name="home"),
        path("learning/mine/", views.mine, name="mine"),
        path("learning/offline/", offline.offline, name="offline"),
        path("learning/sw.js", offline.service_worker, name="service_worker"),
        path("learning/manifest.webmanifest", offline.manifest, name="manifest"),
        path("learning/boards/<slug:slug>/", views.board, name="board"),
        path("learning/boards/<slug:slug>/notices.atom", views.board_feed, name="board_feed"),
        path("learning/boards/<slug:slug>/follow/", views.board_follow, name="board_follow"),
        path("learning/boards/<slug:slug>/suggest/", views.suggest, name="suggest"),
        path("learning/boards/<slug:slug>/notices/<int:pk>/", views.notice, name="notice"),
        path("learning/clubs/<int:pk>/", views.club, name="club"),
        path("learning/clubs/<int:pk>/join/", views.club_join, name="club_join"),
        path("learning/clubs/<int:pk>/leave/", views.club_leave, name="club_leave"),
        path("learning/clubs/<int:pk>/calendar.ics", views.club_calendar, name="club_calendar"),
        path("learning/clubs/<int:pk>/follow/", views.club_follow, name="club_follow"),
        path("learning/items/<slug:slug>/", views.item_page, name="item"),
        path("learning/items/<slug:slug>/progress/", views.item_progress, name="item_progress"),
        path("learning/paths/<slug:slug>/", views.path_page, name="path"),
        path("learning/organisations/<slug:slug>/", views.organisation, name="organisation"),
    ],
    "learning",
)

staff_area = (
    [
        path("learning/boards/<slug:slug>/", staff.board_manage, name="board"),
        path("learning/boards/<slug:slug>/edit/", staff.board_edit, name="board_edit"),
        path("learning/boards/<slug:slug>/notices/new/", staff.notice_new, name="notice_new"),
        path("learning/boards/<slug:slug>/clubs/new/", staff.club_new, name="club_new"),
        path("learning/notices/<int:pk>/moderate/", staff.notice_moderate, name="notice_moderate"),
        path("learning/clubs/<int:pk>/", staff.club_manage, name="club"),
        path("learning/organisations/<slug:slug>/", staff.organisation_boards, name="organisation"),
        path("learning/networks/<slug:slug>/", staff.network_boards, name="network"),
        path("learning/engagements/<slug:slug>/", staff.engagement_boards, name="engagement"),
        path("learning/notices/<int:pk>/edit/", staff.notice_edit, name="notice_edit"),
        path("learning/notices/<int:pk>/delete/", staff.notice_delete, name="notice_delete"),
        path("learning/clubs/<int:pk>/edit/", staff.club_edit, name="club_edit"),
        path("learning/clubs/<int:pk>/delete/", staff.club_delete, name="club_delete"),
        path("learning/catalogue/", staff.catalogue, name="catalogue"),
        path("learning/catalogue/items/new/", staff.item_new, name="item_new"),
        path("learning/catalogue/items/<slug:slug>/edit/", staff.item_edit, name="item_edit"),
        path("learning/catalogue/paths/new/", staff.path_new, name="path_new"),
        path("learning/catalogue/paths/<slug:slug>/edit/", staff.path_edit, name="path_edit"),
        path("learning/catalogue/paths/<slug:slug>/steps/", staff.path_steps, name="path_steps"),
        path("learning/actions/<int:pk>/path/", staff.action_path, name="action_path"),
    ],
    "learning_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
