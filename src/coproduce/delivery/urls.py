from django.urls import include, path

from coproduce.delivery import staff, views

public = (
    [
        path("engagements/<slug:slug>/we-did/", views.report, name="report"),
        path("engagements/<slug:slug>/actions/<int:pk>/", views.action, name="action"),
        path("engagements/<slug:slug>/actions/<int:pk>/feedback/", views.feedback, name="feedback"),
        path("engagements/<slug:slug>/iterations/", views.iterations, name="iterations"),
        path("engagements/<slug:slug>/notifications/", views.notifications, name="notifications"),
        path("engagements/<slug:slug>/updates.atom", views.feed, name="feed"),
    ],
    "delivery",
)

staff_area = (
    [
        path("engagements/<slug:slug>/actions/", staff.board, name="board"),
        path("engagements/<slug:slug>/actions/new/", staff.action_new, name="action_new"),
        path("engagements/<slug:slug>/actions/<int:pk>/status/", staff.action_status, name="action_status"),
        path("engagements/<slug:slug>/actions/<int:pk>/update/", staff.action_update, name="action_update"),
        path("engagements/<slug:slug>/actions/<int:pk>/iteration/", staff.action_iteration, name="action_iteration"),
        path("engagements/<slug:slug>/iterations/", staff.iterations, name="iterations_edit"),
        path("engagements/<slug:slug>/audit/", staff.audit, name="audit"),
        path("engagements/<slug:slug>/next-cycle/", staff.next_cycle, name="next_cycle"),
    ],
    "delivery_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
