from django.urls import path

from coproduce.notifications import views

app_name = "notifications"

# The subscription page of a topic is its app's (it knows who may subscribe): see views.subscription_page.
urlpatterns = [
    path("notifications/confirm/<str:token>/", views.confirm, name="confirm"),
    # The address of every unsubscribe link already sent (it was delivery's): it must not move.
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
