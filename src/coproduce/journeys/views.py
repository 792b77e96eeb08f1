"""The public side of journeys: answering with an invitation link (no account), and a round's published figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.core.bilingual import resolve
from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.journeys import actions
from coproduce.journeys.access import published_round
from coproduce.journeys.forms import AnswerForm
from coproduce.journeys.journey import framework_parts
from coproduce.journeys.models import Invitee, Round
from coproduce.journeys.results import round_results
from coproduce.journeys.staff import labels


@require_http_methods(["GET", "POST"])
@limit_writes("journey_answer", limit=20, window=60)
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Rate each practice or theme, anonymously, once per link."""
    invitation = actions.invitation_for(token)
    if invitation is None or not invitation.round.is_open:
        return render(request, "journeys/answer_gone.html", status=404)
    round_ = invitation.round
    dimensions = list(round_.framework.dimensions.prefetch_related("statements"))
    levels = list(round_.framework.levels.all())
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        dimensions=dimensions,
        levels=levels,
        evidence=actions.evidence_choices(round_.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_answer(token, form.given(), (get_language() or "en")[:2])
        except actions.TokenUsed:
            return render(request, "journeys/answer_gone.html", status=404)
        except (actions.RatingOutOfRange, actions.JourneyError):
            form.add_error(None, _("Choose a level on the scale for each practice or theme, or “Not sure”"))
        else:
            messages.success(request, _("Thank you: your answer has been saved, without your name."))
            return redirect("journeys:thanks")
    return render_form_page(
        request,
        "journeys/answer.html",
        {
            "round": round_,
            "perspective": invitation.get_perspective_display(),
            "levels": levels,
            "form": form,
            "page_title": resolve(round_, "title")[0],
        },
    )


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "journeys/thanks.html")


@require_safe
def published(request: HttpRequest, pk: int) -> HttpResponse:
    """A published round's figures: medians, spreads and disagreement only (no comments, no evidence)."""
    round_ = published_round(pk)
    dimensions, top = framework_parts(round_.framework)
    return render(
        request,
        "journeys/published.html",
        {"round": round_, "results": round_results(round_, dimensions, with_texts=False), "top": top, **labels()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("journey_answer", limit=20, window=60)
def take_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Where someone invited by email takes their own link, once: it is made now and they go straight to it.
    Anyone else (or someone who took it already, or a closed round) is told so, and nothing changes."""
    round_ = get_object_or_404(Round.objects.select_related("organisation", "network"), pk=pk)
    invited = Invitee.objects.filter(round=round_, user=request.user).first()
    if request.method == "POST" and invited is not None:
        token = actions.do_take_link(request.user, round_)
        if token is not None:
            return redirect("journeys:answer", token)
    return render(request, "journeys/take_link.html", {"round": round_, "invited": invited})
