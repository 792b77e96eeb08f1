"""The project's URLs and a subscription page for the test kind "news", as an app above notifications routes its
own (for delivery: /engagements/<slug>/notifications/). The subscriber is the signed-in account."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_http_methods

from coproduce.core.ratelimit import limit_writes
from coproduce.notifications.topics import Subscriber
from coproduce.notifications.views import subscription_page
from coproduce.urls import urlpatterns as project


@require_http_methods(["GET", "POST"])
@limit_writes("subscribe", limit=10, window=60)
@login_required
def news_subscription(request, key):
    return subscription_page(request, f"news:{key}", Subscriber.user(request.user.pk))


urlpatterns = [*project, path("news/<str:key>/email-me/", news_subscription, name="news_subscription")]
