from django.urls import path

from coproduce.core import pages, views

# The home page is core:home too, but it lists engagements, so its view is engagements' (core imports no app):
# coproduce/urls.py adds it to this namespace.
app_name = "core"
urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", pages.status, name="status"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    path("favicon.ico", pages.favicon, name="favicon"),
]
