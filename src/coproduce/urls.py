from django.contrib import admin
from django.urls import include, path

from coproduce.core import urls as core_urls
from coproduce.engagements.views import home

urlpatterns = [
    # The home page keeps its name core:home; its view lists engagements, so it lives there (core imports no app).
    path("", include(([path("", home, name="home"), *core_urls.urlpatterns], core_urls.app_name))),
    path("", include("coproduce.engagements.urls")),
    path("", include("coproduce.conversations.urls")),
    path("", include("coproduce.listening.urls")),
    path("", include("coproduce.proposals.urls")),
    path("", include("coproduce.api.urls")),
    path("", include("coproduce.delivery.urls")),
    path("", include("coproduce.notifications.urls")),
    path("accounts/", include("coproduce.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "coproduce.core.views.permission_denied"
handler404 = "coproduce.core.views.page_not_found"
handler500 = "coproduce.core.views.server_error"
