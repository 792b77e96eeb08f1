from django.urls import path

from coproduce.core import pages, views

# The home page (core:home) and the language switch (core:set_language, /language/) are core's too, but the home
# page lists engagements and the switch writes the account, so their views are engagements' and accounts' (core
# imports no app): coproduce/urls.py adds them to this namespace.
app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("status/", pages.status, name="status"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    path("favicon.ico", pages.favicon, name="favicon"),
]
