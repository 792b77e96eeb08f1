"""A person's own pages (issue 16): "My contributions" (what they gave and what became of it), and downloading or
deleting their data through the personal-data registry (coproduce.accounts.personal_data).

Two ways in. A participant of one engagement, by the participant token their browser holds (pseudonymous, or
signed in with the account that took part): the pages under /engagements/<slug>/my-…/. An account holder, for
every engagement their account took part in and the account itself: the pages under /accounts/my-…/. A participant
record that belongs to an account is the account's: its data is downloaded and deleted from the account's pages,
after signing in, never by a browser's token alone.

Nobody sees anyone else's contributions or data here: the pages name no participant, they use the request's own.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.personal_data import Person
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements import actions
from coproduce.engagements.access import can_view
from coproduce.engagements.contributions import contributions_of
from coproduce.engagements.models import Engagement, Participant
from coproduce.engagements.participants import current_participant, forget_participants

DELETE_LIMIT = 5  # deletions a minute per writer: each one is a whole erasure, and a second one is never needed


def _own_participant(request: HttpRequest, slug: str) -> tuple[Engagement, Participant | None, HttpResponse | None]:
    """The engagement and this request's own participant record in it; or a redirect for who has none (to the
    engagement page, or 404 for who may not see it) or whose record belongs to an account they are not signed in to.
    Staff get no participant's page through this: only their own record, like anyone else."""
    engagement = get_object_or_404(Engagement.objects.select_related("organisation"), slug=slug)
    participant = current_participant(request, engagement)
    if participant is None:
        if not can_view(request, engagement):
            raise Http404
        messages.info(request, _("You have not taken part in this engagement from this browser or account."))
        return engagement, None, redirect(engagement.get_absolute_url())
    if participant.user_id is not None and participant.user_id != request.user.pk:
        # The token of a record an account claimed: the account's data, so only once signed in to it.
        return engagement, None, redirect(f"{reverse('account_login')}?next={request.path}")
    return engagement, participant, None


@require_safe
def my_contributions(request: HttpRequest, slug: str) -> HttpResponse:
    engagement, participant, refused = _own_participant(request, slug)
    if refused or participant is None:
        return refused or redirect(engagement.get_absolute_url())
    participant.engagement = engagement
    (mine,) = contributions_of([participant])
    return render(
        request,
        "engagements/my_contributions.html",
        {
            "engagement": engagement,
            "participant": participant,
            "groups": mine.groups,
            "page_title": _("My contributions"),
        },
    )


@login_required
@require_safe
def account_contributions(request: HttpRequest) -> HttpResponse:
    participants = list(
        Participant.objects.filter(user=request.user)
        .select_related("engagement__organisation")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "engagements/account_contributions.html",
        {"engagements": contributions_of(participants), "page_title": _("My contributions")},
    )


def _download(person: Person, filename: str) -> HttpResponse:
    data = {"exported_at": timezone.now().isoformat(), **actions.do_export_personal_data(person)}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def my_data_download(request: HttpRequest, slug: str) -> HttpResponse:
    engagement, participant, refused = _own_participant(request, slug)
    if refused or participant is None:
        return refused or redirect(engagement.get_absolute_url())
    if participant.user_id is not None:
        return redirect("engagements:account_data_download")
    return _download(Person.of_participant(participant), f"my-data-{engagement.slug}.json")


@login_required
@require_safe
def account_data_download(request: HttpRequest) -> HttpResponse:
    return _download(Person.of_user(request.user), "my-data.json")


@require_http_methods(["GET", "POST"])
@limit_writes("delete-my-data", limit=DELETE_LIMIT)
def my_data(request: HttpRequest, slug: str) -> HttpResponse:
    """Download, and delete after reading what goes and what stays: the participant of this engagement."""
    engagement, participant, refused = _own_participant(request, slug)
    if refused or participant is None:
        return refused or redirect(engagement.get_absolute_url())
    if participant.user_id is not None:
        return redirect("engagements:account_data")
    if request.method == "POST":
        token_ids = [participant.public_id]  # before the erasure gives the record a new one
        actions.do_erase_personal_data(request.user, Person.of_participant(participant))
        response = redirect("engagements:data_deleted")
        forget_participants(request, response, token_ids)
        return response
    return render(
        request,
        "engagements/my_data.html",
        {"engagement": engagement, "page_title": _("Download or delete my data")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("delete-my-data", limit=DELETE_LIMIT)
def account_data(request: HttpRequest) -> HttpResponse:
    """Download, and delete: everything of the account, in every engagement, and the account itself."""
    if request.method == "POST":
        user = request.user
        person = Person.of_user(user)
        token_ids = list(Participant.objects.filter(pk__in=person.participant_ids).values_list("public_id", flat=True))
        actions.do_erase_personal_data(user, person)
        logout(request)
        response = redirect("engagements:data_deleted")
        forget_participants(request, response, token_ids)
        return response
    engagements = list(Engagement.objects.filter(participants__user=request.user).distinct().order_by("title_en", "pk"))
    return render(
        request,
        "engagements/account_data.html",
        {"engagements": engagements, "page_title": _("Download or delete my data")},
    )


@require_safe
def data_deleted(request: HttpRequest) -> HttpResponse:
    """Where a deletion ends: says what happened. The same for everyone (it shows nothing of anyone's)."""
    return render(request, "engagements/data_deleted.html", {"page_title": _("Your data has been deleted")})
