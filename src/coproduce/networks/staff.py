"""The staff side of networks: creating one, managing its members (coordinators), an organisation's networks (its
admins: invitations to answer, asking to join), answering and leaving, knowledge notes, and the network's audit
trail. Every view fetches through coproduce.networks.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.forms import render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.models import STAFF_ROLES, AuditEvent, Membership, Organisation
from coproduce.networks import actions, graph
from coproduce.networks.access import (
    member_with_permission,
    network_with_permission,
    organisation_for_admin,
)
from coproduce.networks.forms import (
    AnswerForm,
    CoordinatorForm,
    NetworkChoiceForm,
    NetworkForm,
    NoteForm,
    OrganisationChoiceForm,
)
from coproduce.networks.models import Network, NetworkMember


def cycle_message(error: actions.WouldContainItself) -> str:
    chain = " → ".join(str(network) for network in error.cycle)
    return _(
        "A network cannot contain itself, directly or through other networks. This would close the chain %(chain)s."
    ) % {"chain": chain}


def already_message(error: actions.AlreadyInNetwork) -> str:
    if error.member.status == NetworkMember.Status.ACTIVE:
        return _("It is already a member of this network.")
    return _("It has already been invited, or has already asked to join: an answer is awaited.")


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def network_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("networks.create_network"):
        raise PermissionDenied
    form = NetworkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        network = actions.do_create_network(request.user, form.texts("name"), form.texts("description"))
        messages.success(request, _("The network has been created. You are its coordinator."))
        return redirect("networks_staff:manage", network.slug)
    return render_form_page(request, "networks/network_new.html", {"form": form, "page_title": _("Create a network")})


def _manage_forms(request: HttpRequest, network: Network, which: str | None) -> dict:
    data = request.POST if request.method == "POST" else None
    in_network = NetworkMember.objects.filter(network=network)
    organisations = Organisation.objects.exclude(
        pk__in=in_network.filter(organisation__isnull=False).values("organisation_id")
    )
    networks = Network.objects.exclude(pk=network.pk).exclude(
        pk__in=in_network.filter(member_network__isnull=False).values("member_network_id")
    )
    parents = Network.objects.exclude(pk=network.pk).exclude(
        pk__in=NetworkMember.objects.filter(member_network=network).values("network_id")
    )
    return {
        "invite_organisation": OrganisationChoiceForm(
            data if which == "invite_organisation" else None, organisations=organisations, prefix="org"
        ),
        "invite_network": NetworkChoiceForm(
            data if which == "invite_network" else None, networks=networks, prefix="net"
        ),
        "join_network": NetworkChoiceForm(
            data if which == "join_network" else None,
            networks=parents,
            prefix="parent",
            label=_("Network to join"),
        ),
        "add_coordinator": CoordinatorForm(data if which == "add_coordinator" else None, prefix="coordinator"),
    }


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator's page: members and pending answers, inviting organisations and networks, joining a network."""
    network = network_with_permission(request, slug, "networks.manage_network")
    which = request.POST.get("form") if request.method == "POST" else None
    forms = _manage_forms(request, network, which)
    form = forms.get(which or "")
    if form is not None and form.is_valid():
        try:
            if which == "invite_organisation":
                actions.do_add_organisation(request.user, network, form.cleaned_data["organisation"], requested=False)
                messages.success(
                    request, _("The organisation has been invited. It joins when one of its admins accepts.")
                )
            elif which == "invite_network":
                actions.do_add_network(request.user, network, form.cleaned_data["network"], requested=False)
                messages.success(
                    request, _("The network has been invited. It joins when one of its coordinators accepts.")
                )
            elif which == "join_network":
                actions.do_add_network(request.user, form.cleaned_data["network"], network, requested=True)
                messages.success(request, _("Your request has been sent. The network's coordinators will answer."))
            elif which == "add_coordinator":
                actions.do_add_coordinator(request.user, network, form.user)
                messages.success(request, _("They are now a coordinator of this network."))
            return redirect("networks_staff:manage", network.slug)
        except actions.WouldContainItself as error:
            form.add_error(None, cycle_message(error))
        except actions.AlreadyInNetwork as error:
            form.add_error(None, already_message(error))
    members = list(
        NetworkMember.objects.filter(network=network).select_related("organisation", "member_network", "network")
    )
    belongs_to = list(NetworkMember.objects.filter(member_network=network).select_related("network", "member_network"))
    return render_form_page(
        request,
        "networks/manage.html",
        {
            "network": network,
            "members": members,
            "belongs_to": belongs_to,
            "coordinators": network.coordinators.select_related("user"),
            "form": form,
            **forms,
            "page_title": _("Manage the network"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def organisation_networks(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation admin's page: the organisation's networks, invitations to answer, asking to join one."""
    organisation = organisation_for_admin(request, slug)
    rows = list(NetworkMember.objects.filter(organisation=organisation).select_related("network", "organisation"))
    networks = Network.objects.exclude(pk__in=[row.network_id for row in rows])
    form = NetworkChoiceForm(
        request.POST if request.method == "POST" else None, networks=networks, label=_("Network to join")
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_organisation(request.user, form.cleaned_data["network"], organisation, requested=True)
        except actions.AlreadyInNetwork as error:
            form.add_error(None, already_message(error))
        else:
            messages.success(request, _("Your request has been sent. The network's coordinators will answer."))
            return redirect("networks_staff:organisation", organisation.slug)
    return render_form_page(
        request,
        "networks/organisation.html",
        {"organisation": organisation, "rows": rows, "form": form, "page_title": _("Networks")},
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)


@login_required
@require_POST
@limit_writes("staff_write")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation (the invited side) or a request (the network's coordinators)."""
    member = member_with_permission(request, pk, "networks.answer")
    form = AnswerForm(request.POST)
    fallback = member.network.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _("Choose an answer"))
        return _back(request, fallback)
    accept = form.cleaned_data["answer"] == "accept"
    try:
        actions.do_answer(request.user, member, accept)
    except actions.WouldContainItself as error:
        messages.error(request, cycle_message(error))
    except actions.NotPending:
        messages.info(request, _("This was already answered. Nothing was changed."))
    else:
        messages.success(request, _("Accepted: it is now a member of the network.") if accept else _("Declined."))
    return _back(request, fallback)


@login_required
@require_POST
@limit_writes("staff_write")
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_with_permission(request, pk, "networks.remove_member")
    fallback = member.network.get_absolute_url()
    actions.do_remove_member(request.user, member)
    messages.success(request, _("Removed from the network."))
    return _back(request, fallback)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def note_new(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_with_permission(request, slug, "networks.write_note")
    organisations = Organisation.objects.filter(
        pk__in=Membership.objects.filter(
            user=request.user, role__in=STAFF_ROLES, organisation_id__in=graph.member_organisation_ids(network)
        ).values("organisation_id")
    )
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"language": request.LANGUAGE_CODE, "organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if organisation is None and not request.user.has_perm("networks.manage_network", network):
            form.add_error("organisation", _("Choose one of your organisations in the network"))
        else:
            actions.do_write_note(request.user, network, organisation, data)
            messages.success(request, _("Your note has been added to the knowledge exchange."))
            return redirect("networks:detail", network.slug)
    return render_form_page(
        request,
        "networks/note_new.html",
        {"network": network, "form": form, "page_title": _("Share what worked")},
    )


@login_required
@require_safe
def audit_trail(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_with_permission(request, slug, "networks.read_audit")
    events = AuditEvent.objects.filter(scope=AuditEvent.Scope.NETWORK, network=network).select_related("actor")[:200]
    return render_form_page(
        request, "networks/audit.html", {"network": network, "events": events, "page_title": _("Audit trail")}
    )
