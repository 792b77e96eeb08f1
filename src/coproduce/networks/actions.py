"""Action functions: the only way networks change. Each is transactional and writes its audit event in the
network's scope (read by its coordinators): ids only, never names or text."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.core.bilingual import Texts, columns_of, has_text
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Organisation
from coproduce.networks import graph
from coproduce.networks.models import KnowledgeNote, Network, NetworkCoordinator, NetworkMember


class NetworkError(Exception):
    """An input the network refuses; the view turns it into a message."""


class AlreadyInNetwork(NetworkError):
    """The organisation or network is already a member, invited, or asking to join."""

    def __init__(self, member: NetworkMember) -> None:
        super().__init__("already in the network")
        self.member = member


class WouldContainItself(NetworkError):
    """The network would contain itself, directly or through other networks: `cycle` is the chain that would
    close, from the network back to itself."""

    def __init__(self, cycle: list[Network]) -> None:
        super().__init__(" → ".join(network.slug for network in cycle))
        self.cycle = cycle


class NotPending(NetworkError):
    """The invitation or request was already answered."""


def unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "network"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_create_network(actor, name: str | Texts, description: str | Texts = "") -> Network:
    """A new network, coordinated by the person who made it."""
    if not has_text(name):
        raise ValueError("a network needs a name in at least one language")
    columns = columns_of(name=name, description=description)
    slug = unique_slug(columns["name_en"] or columns["name_cy"] or "")
    network = Network.objects.create(slug=slug, **columns)
    NetworkCoordinator.objects.create(network=network, user=actor)
    audit(actor, None, "networks.created", network=network, coordinator=actor.pk)
    return network


@transaction.atomic
def do_add_coordinator(actor, network: Network, user) -> NetworkCoordinator:
    coordinator, created = NetworkCoordinator.objects.get_or_create(network=network, user=user)
    if created:
        audit(actor, None, "networks.coordinator_added", network=network, user=user.pk)
    return coordinator


def _existing(network: Network, **member) -> NetworkMember | None:
    return NetworkMember.objects.filter(network=network, **member).first()


def _refuse_cycle(parent: Network, child: Network) -> None:
    cycle = graph.cycle_if_added(parent, child)
    if cycle is not None:
        raise WouldContainItself(cycle)


def _invite_or_request(actor, network: Network, requested: bool, field: str, joining, event: str, detail: str):
    """A pending membership of `network`, invited by its coordinator or requested by the joining side: `field` is
    the member field that holds `joining` (organisation or member_network); the audit event is `networks.<event>_
    invited` or `_requested`, with the joining side's id under `detail`."""
    status = NetworkMember.Status.REQUESTED if requested else NetworkMember.Status.INVITED
    member = NetworkMember.objects.create(network=network, status=status, created_by=actor, **{field: joining})
    verb = "requested" if requested else "invited"
    audit(actor, None, f"networks.{event}_{verb}", network=network, member=member.pk, **{detail: joining.pk})
    return member


@transaction.atomic
def do_add_organisation(actor, network: Network, organisation: Organisation, *, requested: bool) -> NetworkMember:
    """Invite an organisation (a coordinator), or ask to join (the organisation's admin: `requested`). Either way it
    becomes a member only when the other side accepts (do_answer)."""
    if existing := _existing(network, organisation=organisation):
        raise AlreadyInNetwork(existing)
    return _invite_or_request(
        actor, network, requested, "organisation", organisation, "organisation", "joining_organisation"
    )


@transaction.atomic
def do_add_network(actor, network: Network, child: Network, *, requested: bool) -> NetworkMember:
    """Invite a network into `network` (its coordinator), or ask for `child` to join it (the child's coordinator).
    Refused when `network` would then contain itself, directly or through others (WouldContainItself)."""
    if existing := _existing(network, member_network=child):
        raise AlreadyInNetwork(existing)
    _refuse_cycle(network, child)
    return _invite_or_request(actor, network, requested, "member_network", child, "network", "member_network")


@transaction.atomic
def do_answer(actor, member: NetworkMember, accept: bool) -> NetworkMember | None:
    """The other side's answer to an invitation or a request: accepted, it is a member; declined, it is gone."""
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.status == NetworkMember.Status.ACTIVE:
        raise NotPending
    details = {"member": member.pk, "was": member.status}
    if not accept:
        member.delete()
        audit(actor, None, "networks.member_declined", network=member.network, **details)
        return None
    if member.member_network_id is not None:
        # Checked when it was asked, and again now: the edge being accepted runs from the parent down, so a chain
        # from the child back up to the parent is a cycle whatever the state of this edge.
        _refuse_cycle(member.network, member.member_network)
    member.status = NetworkMember.Status.ACTIVE
    member.joined_at = timezone.now()
    member.save(update_fields=["status", "joined_at"])
    audit(actor, None, "networks.member_joined", network=member.network, **details)
    return member


@transaction.atomic
def do_remove_member(actor, member: NetworkMember) -> None:
    """A coordinator removes a member, or the member leaves (or withdraws its invitation or request)."""
    details = {"member": member.pk, "was": member.status}
    network = member.network
    member.delete()
    audit(actor, None, "networks.member_removed", network=network, **details)


@transaction.atomic
def do_write_note(actor, network: Network, organisation: Organisation | None, data: dict) -> KnowledgeNote:
    note = KnowledgeNote.objects.create(network=network, organisation=organisation, author=actor, **data)
    audit(actor, None, "networks.note_written", network=network, note=note.pk)
    return note


@transaction.atomic
def do_forget_author(actor, user_id: int) -> dict[str, int]:
    """A person's erasure: their notes lose their author (the knowledge stays with the network), and they stop
    coordinating."""
    notes = KnowledgeNote.objects.filter(author_id=user_id).update(author=None)
    coordinations, _ = NetworkCoordinator.objects.filter(user_id=user_id).delete()
    if notes or coordinations:
        audit(actor, None, "networks.person_erased", notes=notes, coordinations=coordinations)
    return {"knowledge_notes_unlinked": notes, "network_coordinations_ended": coordinations}
