from django.urls import include, path

from coproduce.listening import staff, views

public = (
    [path("engagements/<slug:slug>/themes/", views.themes, name="themes")],
    "listening",
)

staff_area = (
    [
        path("engagements/<slug:slug>/listening/", staff.conversations, name="conversations"),
        path("engagements/<slug:slug>/listening/new/", staff.conversation_new, name="conversation_new"),
        path("engagements/<slug:slug>/listening/<int:pk>/", staff.conversation, name="conversation"),
        path("engagements/<slug:slug>/listening/<int:pk>/consent/", staff.conversation_consent, name="consent"),
        path("engagements/<slug:slug>/listening/<int:pk>/challenges/new/", staff.challenge_new, name="challenge_new"),
        path("engagements/<slug:slug>/challenges/", staff.challenges, name="challenges"),
        path(
            "engagements/<slug:slug>/challenges/<int:pk>/statement/",
            staff.challenge_statement,
            name="challenge_statement",
        ),
        path("engagements/<slug:slug>/themes/", staff.themes, name="themes"),
        path("engagements/<slug:slug>/themes/<int:pk>/", staff.theme_edit, name="theme_edit"),
        path("engagements/<slug:slug>/mentor/", staff.mentor, name="mentor"),
        path("engagements/<slug:slug>/listening/access-log/", staff.access_log, name="access_log"),
        path("engagements/<slug:slug>/listening/erase/", staff.erase, name="erase"),
        path("engagements/<slug:slug>/listening/erase/<int:pk>/", staff.erase_person, name="erase_person"),
    ],
    "listening_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
