"""The staff side of journeys: an organisation's rounds, frameworks, journey, programme, own actions board,
benchmarks and settings. Every view fetches through coproduce.journeys.access."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.core.bilingual import resolve
from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.delivery.board import board_columns
from coproduce.delivery.models import Action
from coproduce.engagements.models import Engagement
from coproduce.journeys import actions, charts, frameworkjson
from coproduce.journeys.access import (
    MANAGE,
    NETWORK,
    may_manage_round,
    network_with_permission,
    organisation_with_permission,
    round_with_permission,
)
from coproduce.journeys.forms import (
    ImportForm,
    InviteForm,
    InvitePeopleForm,
    NextStepForm,
    PublishForm,
    RoundForm,
    SettingsForm,
    part_form,
)
from coproduce.journeys.journey import benchmarks, framework_parts, journey, programme, shares
from coproduce.journeys.models import Dimension, Framework, Invitation, Level, OrganisationSettings, Round, Statement
from coproduce.journeys.results import round_results


def labels() -> dict:
    from coproduce.core.privacy import small_numbers_threshold

    return {"threshold": small_numbers_threshold()}


def _owner(round_: Round) -> dict:
    """Whose round it is, for the pages: an organisation's, or a network's (organisation None)."""
    return {
        "organisation": round_.organisation,
        "network": round_.network,
        "owner": round_.network if round_.network_id is not None else round_.organisation,
    }


def _frameworks(organisation):
    return Framework.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


@login_required
@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's journeys: its rounds, the frameworks it can use and where to go next."""
    organisation = organisation_with_permission(request, slug)
    rounds = list(
        Round.objects.filter(organisation=organisation)
        .select_related("framework", "engagement")
        .annotate(answered=Count("answers", distinct=True))
        .order_by("-started_on", "-pk")
    )
    return render(
        request,
        "journeys/home.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "frameworks": list(_frameworks(organisation)),
            "may_manage": request.user.has_perm(MANAGE, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_with_permission(request, slug, MANAGE)
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        frameworks=_frameworks(organisation),
        engagements=Engagement.objects.filter(organisation=organisation),
    )
    if request.method == "POST" and form.is_valid():
        round_ = actions.do_start_round(
            request.user,
            organisation,
            form.cleaned_data["framework"],
            title=form.texts("title"),
            engagement=form.cleaned_data["engagement"],
            team=form.texts("team"),
        )
        messages.success(request, _("The round has started. Now make the links people answer with."))
        return redirect("journeys_staff:round", round_.pk)
    return render_form_page(
        request,
        "journeys/round_new.html",
        {"organisation": organisation, "owner": organisation, "form": form, "page_title": _("Start a round")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: how many answered, new invitation links (shown once), closing and publishing."""
    round_ = round_with_permission(request, pk)
    may_manage = may_manage_round(request.user, round_)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not may_manage:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = InviteForm(request.POST if which == "invite" else None)
    people_form = InvitePeopleForm(request.POST if which == "people" else None, people=actions.invitable_people(round_))
    links: list[tuple[str, str]] = []
    if which == "people":
        if people_form.is_valid():
            try:
                n = actions.do_invite_people(
                    request.user, round_, people_form.cleaned_data["people"], people_form.cleaned_data["perspective"]
                )
            except actions.RoundClosed:
                people_form.add_error(None, _("The round is closed: it takes no more answers."))
            else:
                messages.success(
                    request,
                    ngettext("%(n)s person has been invited by email.", "%(n)s people have been invited by email.", n)
                    % {"n": n},
                )
                return redirect("journeys_staff:round", round_.pk)
    elif which == "invite" and form.is_valid():
        try:
            made = actions.do_invite(request.user, round_, form.cleaned_data)
        except actions.RoundClosed:
            form.add_error(None, _("The round is closed: it takes no more answers."))
        else:
            labels = dict(Invitation._meta.get_field("perspective").choices)
            links = [(str(labels[p]), request.build_absolute_uri(reverse_answer(token))) for p, token in made]
            messages.success(request, _("The links are below. Copy them now: they are not shown again."))
    elif which == "close":
        if actions.do_close_round(request.user, round_):
            messages.success(request, _("The round is closed. The results are ready."))
        return redirect("journeys_staff:round", round_.pk)
    elif which == "publish":
        publish = PublishForm(request.POST)
        if round_.network_id is not None:
            messages.error(request, _("A network’s round is not published: open data needs an organisation’s licence."))
        elif publish.is_valid() and not round_.is_open:
            actions.do_publish_round(request.user, round_, publish.cleaned_data["published"])
            messages.success(
                request,
                _("The round’s figures are public.") if round_.published else _("The round’s figures are private."),
            )
        else:
            messages.error(request, _("Close the round before you publish it."))
        return redirect("journeys_staff:round", round_.pk)
    elif which is not None and which not in ("invite", "people"):
        messages.error(request, _("Choose what to do."))
        return redirect("journeys_staff:round", round_.pk)
    counts = round_.invitations.aggregate(made=Count("pk"), used=Count("pk", filter=Q(used=True)))
    return render_form_page(
        request,
        "journeys/round.html",
        {
            **_owner(round_),
            "round": round_,
            "answered": round_.answers.count(),
            "unused": counts["made"] - counts["used"],
            # The form the error summary (and render_form_page's status) is about: the one just sent.
            "form": people_form if which == "people" else form,
            "invite_form": form,
            "people_form": people_form,
            "invited": round_.invitees.count(),
            "links": links,
            "may_manage": may_manage,
            "page_title": resolve(round_, "title")[0],
        },
    )


def reverse_answer(token: str) -> str:
    from django.urls import reverse

    return reverse("journeys:answer", args=[token])


def _results_context(round_: Round) -> dict:
    dimensions, top = framework_parts(round_.framework)
    results = round_results(round_, dimensions)
    cited = actions.evidence_for(round_) if any(r.evidence for r in results) else {}
    for result in results:
        result.cited = sorted(  # type: ignore[attr-defined]
            ((cited[key][0], cited[key][1], n) for key, n in result.evidence.items() if key in cited),
            key=lambda row: (row[0], row[1]),
        )
    title = _("Where each practice or theme is, by perspective")
    series = [(_("Everyone"), [r.overall.median for r in results])]
    return {
        **_owner(round_),
        "round": round_,
        "results": results,
        "top": top,
        "levels": list(round_.framework.levels.all()),
        "radar": charts.radar(
            [resolve(d, "name")[0] for d in dimensions],
            top,
            series,
            title=title,
            description=_(
                "The median level of each, from 1 at the centre to %(top)s at the rim; the table below gives the figures."
            )
            % {"top": top},
            id_prefix="round-radar",
        ),
        "disagreements": [r for r in results if r.disagreement],
        **labels(),
    }


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """A closed round's results, and its next steps (a form for managers: each becomes an action)."""
    round_ = round_with_permission(request, pk)
    may_manage = may_manage_round(request.user, round_)
    if request.method == "POST" and not may_manage:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if round_.is_open:
        if request.method == "POST":
            messages.error(request, _("Close the round before you agree next steps."))
        return render(request, "journeys/results_open.html", {"round": round_, **_owner(round_)})
    form = NextStepForm(request.POST if request.method == "POST" else None, round_=round_)
    if request.method == "POST" and form.is_valid():
        actions.do_add_next_step(
            request.user,
            round_,
            title=form.texts("title"),
            owner=form.texts("owner"),
            target_date=form.cleaned_data["target_date"],
            dimension=form.cleaned_data["dimension"],
            decision=form.cleaned_data.get("decision"),
        )
        messages.success(request, _("The next step is now an action on the delivery board."))
        return redirect("journeys_staff:results", round_.pk)
    steps = list(round_.next_steps.select_related("action", "action__engagement", "dimension"))
    return render_form_page(
        request,
        "journeys/results.html",
        {
            **_results_context(round_),
            "form": form if may_manage else None,
            "steps": steps,
            "page_title": _("Results"),
        },
    )


@login_required
@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable report of a closed round (the same figures, comments and evidence, no forms)."""
    round_ = round_with_permission(request, pk)
    if round_.is_open:
        raise Http404
    steps = list(round_.next_steps.select_related("action", "dimension"))
    return render(request, "journeys/report.html", {**_results_context(round_), "steps": steps})


def _journey_context(owner, framework, network=None) -> dict:
    """The journey page's figures and charts, for an organisation's rounds or (`network` given) a network's."""
    data = journey(owner, framework)
    names = [resolve(d, "name")[0] for d in data.dimensions]
    radar = charts.radar(
        names,
        data.top,
        [(resolve(r, "title")[0], data.medians(r)) for r in data.rounds],
        title=_("Each round’s median level of each practice or theme"),
        description=_("One outline per round, from 1 at the centre to %(top)s at the rim; the table gives the figures.")
        % {"top": data.top},
        id_prefix="journey-radar",
    )
    trends = [
        (
            dimension,
            values,
            charts.trend(
                [resolve(r, "title")[0] for r in data.rounds],
                data.top,
                values,
                title=_("%(name)s over the rounds") % {"name": resolve(dimension, "name")[0]},
                description=_("The median level in each round, numbered as in the table."),
                id_prefix=f"trend-{dimension.pk}",
            ),
        )
        for dimension, values in data.by_dimension()
    ]
    return {
        "organisation": None if network else owner,
        "network": network,
        "owner": owner,
        "framework": framework,
        "journey": data,
        "radar": radar,
        "trends": trends,
    }


@login_required
@require_safe
def journey_view(request: HttpRequest, slug: str, framework: str) -> HttpResponse:
    """The journey over time: every closed round of one framework, per dimension, with the next steps between."""
    organisation = organisation_with_permission(request, slug)
    found = get_object_or_404(_frameworks(organisation), slug=framework)
    return render(request, "journeys/journey.html", _journey_context(organisation, found))


@login_required
@require_safe
def programme_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Across the organisation's engagements: where each is in its cycle, overdue actions, stalled ones, and the
    maturity journeys beside them."""
    organisation = organisation_with_permission(request, slug)
    rows, weeks = programme(organisation)
    latest = {}
    for round_ in (
        Round.objects.filter(organisation=organisation, status=Round.Status.CLOSED)
        .select_related("framework")
        .order_by("started_on", "pk")
    ):
        latest[round_.framework_id] = round_
    own_overdue = Action.objects.filter(
        organisation=organisation, status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]
    ).count()
    return render(
        request,
        "journeys/programme.html",
        {
            "organisation": organisation,
            "rows": rows,
            "weeks": weeks,
            "latest": list(latest.values()),
            "own_open": own_overdue,
            "stalled": sum(1 for row in rows if row.stalled),
        },
    )


def _own_board(request: HttpRequest, rows, owner, network=None) -> HttpResponse:
    """An organisation's or a network's own actions board: delivery's board, each next step linked to its round."""
    rows = list(rows.select_related("journey_step", "journey_step__round").order_by("target_date", "pk"))
    for action in rows:
        step = getattr(action, "journey_step", None)
        if step is not None:
            action.board_link = reverse("journeys_staff:results", args=[step.round_id])
            action.board_link_text = resolve(step.round, "title")[0]
    columns, not_possible = board_columns(rows)
    return render(
        request,
        "journeys/own_actions.html",
        {
            "owner": owner,
            "network": network,
            "columns": columns,
            "not_possible": not_possible,
            "languages": "",
            "count": len(rows),
        },
    )


@login_required
@require_safe
def own_actions(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's own actions board: actions with no engagement (next steps of whole-organisation rounds)."""
    organisation = organisation_with_permission(request, slug)
    return _own_board(request, Action.objects.filter(organisation=organisation), organisation)


@login_required
@require_safe
def network_own_actions(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's own actions board: the next steps of the network's rounds. Its coordinators only."""
    network = network_with_permission(request, slug)
    return _own_board(request, Action.objects.filter(network=network), network, network)


@login_required
@require_safe
def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's rounds (its coordinators start them; staff of members answer with links, like anyone)."""
    network = network_with_permission(request, slug)
    rounds = list(
        Round.objects.filter(network=network)
        .select_related("framework")
        .annotate(answered=Count("answers", distinct=True))
        .order_by("-started_on", "-pk")
    )
    return render(
        request,
        "journeys/network_home.html",
        {
            "network": network,
            "owner": network,
            "rounds": rounds,
            "frameworks": list(Framework.objects.filter(organisation__isnull=True)),
        },
    )


@login_required
@require_safe
def network_journey_view(request: HttpRequest, slug: str, framework: str) -> HttpResponse:
    """A network's journey over time: the organisation's journey page, for the network's rounds (the platform's
    frameworks, the only ones a network's round may use). Its coordinators only, like its other journeys pages."""
    network = network_with_permission(request, slug)
    found = get_object_or_404(Framework.objects.filter(organisation__isnull=True), slug=framework)
    return render(request, "journeys/journey.html", _journey_context(network, found, network=network))


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def network_round_new(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_with_permission(request, slug)
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        frameworks=Framework.objects.filter(organisation__isnull=True),
    )
    if request.method == "POST" and form.is_valid():
        round_ = actions.do_start_round(
            request.user, None, form.cleaned_data["framework"], title=form.texts("title"), network=network
        )
        messages.success(request, _("The round has started. Now make the links people answer with."))
        return redirect("journeys_staff:round", round_.pk)
    return render_form_page(
        request,
        "journeys/round_new.html",
        {"owner": network, "network": network, "form": form, "page_title": _("Start a round")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def frameworks(request: HttpRequest, slug: str) -> HttpResponse:
    """The frameworks the organisation can use, and importing its own from JSON."""
    organisation = organisation_with_permission(request, slug)
    may_manage = request.user.has_perm(MANAGE, organisation)
    if request.method == "POST" and not may_manage:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        try:
            data = frameworkjson.parse(form.cleaned_data["json"])
            actions.do_import_framework(request.user, organisation, data)
        except frameworkjson.InvalidFramework as error:
            form.add_error(None, str(error))
        except actions.SlugTaken:
            form.add_error(None, _("A framework with this short name exists already: change its “slug”."))
        else:
            messages.success(request, _("The framework has been imported."))
            return redirect("journeys_staff:frameworks", organisation.slug)
    found = _frameworks(organisation).prefetch_related("dimensions", "levels")
    return render_form_page(
        request,
        "journeys/frameworks.html",
        {
            "organisation": organisation,
            "frameworks": found,
            "form": form if may_manage else None,
            "page_title": _("Frameworks"),
        },
    )


PART_MODELS = {"level": Level, "dimension": Dimension, "statement": Statement}


def _own_framework(request: HttpRequest, slug: str, framework: str):
    """An organisation's own framework, for its managers (the platform's frameworks are not edited here: 404)."""
    organisation = organisation_with_permission(request, slug, MANAGE)
    return organisation, get_object_or_404(Framework, organisation=organisation, slug=framework)


def _in_use(framework: Framework) -> bool:
    return Round.objects.filter(framework=framework).exists()


def _texts_form(request: HttpRequest, part):
    """The English | Welsh form of a framework or one of its parts, filled with its texts (bound on a POST)."""
    model = type(part)
    initial = {
        f"{name}_{code}": getattr(part, f"{name}_{code}") or ""
        for name, _r in actions.PART_TEXTS[model]
        for code in ("en", "cy")
    }
    return part_form(model)(request.POST if request.method == "POST" else None, initial=initial)


def _texts_of(form, model) -> dict:
    return {name: form.texts(name) for name, _required in actions.PART_TEXTS[model]}


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def framework_edit(request: HttpRequest, slug: str, framework: str) -> HttpResponse:
    """An organisation's own framework in the browser: its texts in English and Welsh, and every part with a link to
    edit it; parts can be added until a round uses it."""
    organisation, found = _own_framework(request, slug, framework)
    form = _texts_form(request, found)
    if request.method == "POST" and form.is_valid():
        actions.do_edit_framework_texts(request.user, found, _texts_of(form, Framework))
        messages.success(request, _("The framework has been saved."))
        return redirect("journeys_staff:framework_edit", organisation.slug, found.slug)
    return render_form_page(
        request,
        "journeys/framework_edit.html",
        {
            "organisation": organisation,
            "framework": found,
            "levels": list(found.levels.all()),
            "dimensions": list(found.dimensions.prefetch_related("statements")),
            "in_use": _in_use(found),
            "form": form,
            "page_title": _("Edit the framework"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def framework_part(request: HttpRequest, slug: str, framework: str, kind: str, pk: int) -> HttpResponse:
    """The texts of one level, practice or theme, or statement of an organisation's own framework."""
    organisation, found = _own_framework(request, slug, framework)
    model = PART_MODELS.get(kind)
    if model is None:
        raise Http404
    lookup = {"dimension__framework": found} if model is Statement else {"framework": found}
    part = get_object_or_404(model, pk=pk, **lookup)
    form = _texts_form(request, part)
    if request.method == "POST" and form.is_valid():
        actions.do_edit_framework_texts(request.user, part, _texts_of(form, model))
        messages.success(request, _("Your changes have been saved."))
        return redirect("journeys_staff:framework_edit", organisation.slug, found.slug)
    return render_form_page(
        request,
        "journeys/framework_part.html",
        {
            "organisation": organisation,
            "framework": found,
            "kind": kind,
            "form": form,
            "page_title": _("Edit the text"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def framework_part_new(request: HttpRequest, slug: str, framework: str, kind: str) -> HttpResponse:
    """A new level (at the top of the scale), practice or theme, or statement: only before a round uses the
    framework, since past answers were given against its structure."""
    organisation, found = _own_framework(request, slug, framework)
    model = PART_MODELS.get(kind)
    if model is None:
        raise Http404
    dimensions = Dimension.objects.filter(framework=found) if model is Statement else None
    form = part_form(model, with_dimension=dimensions)(
        request.POST if request.method == "POST" else None, initial={"dimension": request.GET.get("dimension")}
    )
    if request.method == "POST" and form.is_valid():
        texts = _texts_of(form, model)
        try:
            if model is Level:
                actions.do_add_level(request.user, found, **texts)
            elif model is Dimension:
                actions.do_add_dimension(request.user, found, **texts)
            else:
                actions.do_add_statement(request.user, form.cleaned_data["dimension"], **texts)
        except actions.FrameworkInUse:
            form.add_error(
                None,
                _(
                    "A round uses this framework, so its levels, practices, themes and statements stay as they are. You can still correct their texts."
                ),
            )
        except actions.FrameworkFull:
            form.add_error(None, _("The framework has as many of these as it may have."))
        else:
            messages.success(request, _("It has been added to the framework."))
            return redirect("journeys_staff:framework_edit", organisation.slug, found.slug)
    return render_form_page(
        request,
        "journeys/framework_part.html",
        {
            "organisation": organisation,
            "framework": found,
            "kind": kind,
            "new": True,
            "form": form,
            "page_title": _("Add to the framework"),
        },
    )


@login_required
@require_safe
def framework_export(request: HttpRequest, slug: str, framework: str) -> HttpResponse:
    organisation = organisation_with_permission(request, slug)
    found = get_object_or_404(
        _frameworks(organisation).prefetch_related(
            "levels", Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("statements"))
        ),
        slug=framework,
    )
    response = HttpResponse(
        json.dumps(frameworkjson.export(found), ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def settings_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_with_permission(request, slug, MANAGE)
    current = OrganisationSettings.objects.filter(organisation=organisation).first()
    initial = {
        "share_benchmarks": current.share_benchmarks if current else False,
        "stalled_after_weeks": current.stalled_after_weeks if current else 6,
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("journeys_staff:home", organisation.slug)
    return render_form_page(
        request, "journeys/settings.html", {"organisation": organisation, "form": form, "page_title": _("Settings")}
    )


@login_required
@require_safe
def benchmark(request: HttpRequest, slug: str, framework: str) -> HttpResponse:
    """How the organisation compares with the others that share (anonymous; at least 5 organisations)."""
    organisation = organisation_with_permission(request, slug)
    found = get_object_or_404(_frameworks(organisation), slug=framework)
    opted_in = shares(organisation)
    rows, sharing = benchmarks(organisation, found) if opted_in else ([], 0)
    return render(
        request,
        "journeys/benchmark.html",
        {"organisation": organisation, "framework": found, "opted_in": opted_in, "rows": rows, "sharing": sharing},
    )


def network_section(network, organisation_ids, request) -> dict | None:
    """The network page's part (engagements.registry.NETWORK): a link to its journeys, for its coordinators only."""
    if not request.user.has_perm(NETWORK, network):
        return None
    return {"network": network}
