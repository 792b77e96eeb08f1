from django.urls import include, path

from coproduce.events import staff, views

public = (
    [
        path("events/", views.event_list, name="list"),
        path("events/<slug:slug>/", views.detail, name="detail"),
        path("events/<slug:slug>/register/", views.register, name="register"),
        path("events/<slug:slug>/cancel/", views.cancel, name="cancel"),
        path("events/<slug:slug>/event.ics", views.event_ics, name="ical"),
        path("events/<slug:slug>/pitch/", views.pitch, name="pitch"),
        path("events/<slug:slug>/grid/", views.grid, name="grid"),
        path("events/<slug:slug>/grid/projector/", views.projector, name="projector"),
        path("sessions/<int:pk>/interest/", views.interest, name="interest"),
        path("sessions/<int:pk>/notes/", views.notes, name="notes"),
        path("organisations/<slug:slug>/events.ics", views.organisation_feed, name="feed"),
    ],
    "events",
)

staff_area = (
    [
        path("organisations/<slug:org_slug>/events/", staff.organisation_events, name="organisation_events"),
        path("organisations/<slug:org_slug>/events/new/", staff.event_new, name="new"),
        path("engagements/<slug:slug>/events/", staff.engagement_events, name="engagement_events"),
        path("engagements/<slug:slug>/events/new/", staff.engagement_event_new, name="engagement_new"),
        path("events/<slug:slug>/edit/", staff.event_edit, name="edit"),
        path("events/<slug:slug>/cancel/", staff.event_cancel, name="cancel"),
        path("events/<slug:slug>/delete/", staff.event_delete, name="delete"),
        path("events/<slug:slug>/", staff.manage, name="manage"),
        path("events/<slug:slug>/grid/", staff.grid, name="grid"),
        path("registrations/<int:pk>/check-in/", staff.check_in, name="check_in"),
        path("session-notes/<int:pk>/statement/", staff.note_statement, name="note_statement"),
    ],
    "events_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
