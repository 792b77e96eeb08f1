from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.accounts.forms import ProfileForm
from coproduce.core.ratelimit import limit_writes


@login_required
@limit_writes("profile")
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        response = redirect("accounts:profile")
        return response
    return render(request, "accounts/profile.html", {"form": form, "page_title": _("Your account")})
