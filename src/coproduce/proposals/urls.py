from django.urls import include, path

from coproduce.proposals import staff, views

public = (
    [
        path("engagements/<slug:slug>/proposals/", views.proposal_list, name="list"),
        path("engagements/<slug:slug>/proposals/new/", views.write, name="write"),
        path("engagements/<slug:slug>/proposals/moderation-log/", views.moderation_log, name="moderation_log"),
        path("engagements/<slug:slug>/proposals/<int:pk>/", views.detail, name="detail"),
        path("engagements/<slug:slug>/proposals/<int:pk>/comment/", views.comment, name="comment"),
        path("engagements/<slug:slug>/proposals/<int:pk>/expert-input/", views.expert_input, name="expert_input"),
        path("engagements/<slug:slug>/proposals/<int:pk>/amend/", views.amend, name="amend"),
        path("engagements/<slug:slug>/proposals/<int:pk>/history/", views.history, name="history"),
        path("engagements/<slug:slug>/prioritise/", views.prioritise, name="prioritise"),
        path("engagements/<slug:slug>/prioritise/choose/", views.choose, name="choose"),
        path("engagements/<slug:slug>/prioritise/suggest/", views.suggest, name="suggest"),
        path("engagements/<slug:slug>/prioritise/dots/", views.dots, name="dots"),
        path("engagements/<slug:slug>/priorities/", views.priorities, name="priorities"),
        path("engagements/<slug:slug>/decisions/", views.decisions, name="decisions"),
        path("engagements/<slug:slug>/decisions/<int:pk>/", views.decision, name="decision"),
    ],
    "proposals",
)

staff_area = (
    [
        path("engagements/<slug:slug>/proposals/", staff.proposals, name="proposals"),
        path("engagements/<slug:slug>/proposals/new/", staff.proposal_new, name="proposal_new"),
        path("engagements/<slug:slug>/proposals/<int:pk>/status/", staff.status, name="status"),
        path("engagements/<slug:slug>/proposals/<int:pk>/boundary/", staff.boundary, name="boundary"),
        path("engagements/<slug:slug>/proposals/<int:pk>/moderate/", staff.moderate_proposal, name="moderate_proposal"),
        path("engagements/<slug:slug>/comments/<int:pk>/moderate/", staff.moderate_comment, name="moderate_comment"),
        path("engagements/<slug:slug>/proposals/<int:pk>/texts/", staff.proposal_texts, name="proposal_texts"),
        path(
            "engagements/<slug:slug>/expert-input/<int:pk>/texts/", staff.expert_input_texts, name="expert_input_texts"
        ),
        path("engagements/<slug:slug>/decisions/new/", staff.decision_new, name="decision_new"),
        path("engagements/<slug:slug>/decisions/<int:pk>/texts/", staff.decision_texts, name="decision_texts"),
        path("engagements/<slug:slug>/prioritisation/", staff.prioritisation, name="prioritisation"),
    ],
    "proposals_staff",
)

urlpatterns = [path("", include(public)), path("staff/", include(staff_area))]
