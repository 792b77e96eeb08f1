from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts import actions
from coproduce.accounts import links as account_links
from coproduce.accounts.forms import ProfileForm
from coproduce.core.ratelimit import limit_writes


@login_required
@limit_writes("profile")
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.do_update_profile(request.user, form)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "page_title": _("Your account"), "account_links": account_links.links()},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: remembered in a cookie, and in the account when signed in. Works without JavaScript.

    Its URL is core:set_language at /language/ (every page's frame has the switch); the view is here because it
    writes the account, and core imports no app: coproduce/urls.py adds it to core's namespace."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        actions.do_set_preferred_language(request.user, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    return response
