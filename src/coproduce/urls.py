from django.contrib import admin
from django.urls import include, path

from coproduce.accounts.views import set_language
from coproduce.core import urls as core_urls
from coproduce.engagements.views import home

# The home page and the language switch keep their names core:home and core:set_language; their views list
# engagements and write the account, so they live in those apps (core imports no app).
core_pages = [
    path("", home, name="home"),
    path("language/", set_language, name="set_language"),
    *core_urls.urlpatterns,
]

urlpatterns = [
    path("", include((core_pages, core_urls.app_name))),
    path("", include("coproduce.engagements.urls")),
    path("", include("coproduce.conversations.urls")),
    path("", include("coproduce.listening.urls")),
    path("", include("coproduce.proposals.urls")),
    path("", include("coproduce.api.urls")),
    path("", include("coproduce.delivery.urls")),
    path("", include("coproduce.networks.urls")),
    path("", include("coproduce.signposting.urls")),
    path("", include("coproduce.community.urls")),
    path("", include("coproduce.journeys.urls")),
    path("", include("coproduce.events.urls")),
    path("", include("coproduce.learning.urls")),
    path("", include("coproduce.notifications.urls")),
    path("accounts/", include("coproduce.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "coproduce.core.views.permission_denied"
handler404 = "coproduce.core.views.page_not_found"
handler500 = "coproduce.core.views.server_error"
