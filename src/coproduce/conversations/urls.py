from django.urls import include, path

from coproduce.conversations import staff, translation_staff, views

public = (
    [
        path("engagements/<slug:slug>/vote/", views.vote_page, name="vote_page"),
        path("engagements/<slug:slug>/vote/cast/", views.vote, name="vote"),
        path("engagements/<slug:slug>/my-votes/", views.my_votes, name="my_votes"),
        path("engagements/<slug:slug>/write/", views.write_statement, name="write"),
        path("engagements/<slug:slug>/results/", views.results, name="results"),
        path("engagements/<slug:slug>/results/statements/", views.results_list, name="results_list"),
        path("engagements/<slug:slug>/moderation-log/", views.moderation_log, name="moderation_log"),
        path("engagements/<slug:slug>/statements/<int:pk>/", views.statement_detail, name="statement"),
    ],
    "conversations",
)

staff_area = (
    [
        path("engagements/<slug:slug>/statements/", staff.statements, name="statements"),
        path("engagements/<slug:slug>/statements/<int:pk>/moderate/", staff.moderate, name="moderate"),
        path("engagements/<slug:slug>/live/", staff.live, name="live"),
        path("engagements/<slug:slug>/assisted/", staff.assisted, name="assisted"),
        path("organisations/<slug:org_slug>/import-polis/", staff.import_polis, name="import_polis"),
        path(
            "organisations/<slug:org_slug>/import-polis/progress/",
            staff.import_polis_progress,
            name="import_polis_progress",
        ),
    ],
    "conversations_staff",
)

# The translation queue: facilitators, organisation admins and translators (translation_staff.py).
translation_area = (
    [
        path("engagements/<slug:slug>/translations/", translation_staff.queue, name="queue"),
        path("engagements/<slug:slug>/translations/<int:pk>/", translation_staff.translate, name="translate"),
        path("engagements/<slug:slug>/translations/<int:pk>/review/", translation_staff.review, name="review"),
    ],
    "statement_translations",
)

urlpatterns = [
    path("", include(public)),
    path("staff/", include(staff_area)),
    path("staff/", include(translation_area)),
]
