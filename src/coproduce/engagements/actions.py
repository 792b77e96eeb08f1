"""Action functions: the only way important state changes. Each one is transactional and writes its audit event."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.accounts import personal_data
from coproduce.engagements.mail import tell_admins_of_confidential_role
from coproduce.engagements.models import (
    AuditEvent,
    Engagement,
    Membership,
    Organisation,
    Participant,
    Perspective,
    Phase,
    Role,
    opens_confidential,
)


def audit(
    actor,
    organisation: Organisation | None,
    action: str,
    engagement: Engagement | None = None,
    *,
    network=None,
    **details,
) -> None:
    """Write one audit event. ``organisation=None`` makes it a platform event, read by the platform's operators;
    ``network=`` (with no organisation) a network's, read by its coordinators (coproduce.networks).

    Details are ids and counts, never names or text: the audit log outlives an erasure.
    """
    if organisation is None and engagement is not None:
        raise ValueError("An event about an engagement belongs to its organisation.")
    if network is not None and organisation is not None:
        raise ValueError("An event belongs to one scope: a network's or an organisation's.")
    if network is not None:
        scope = AuditEvent.Scope.NETWORK
    else:
        scope = AuditEvent.Scope.PLATFORM if organisation is None else AuditEvent.Scope.ORGANISATION
    AuditEvent.objects.create(
        scope=scope,
        network=network,
        organisation=organisation,
        engagement=engagement,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        details=details,
    )


@transaction.atomic
def do_create_organisation(actor, form) -> Organisation:
    """A platform admin creates an organisation (the form has checked its short name is free). The event is the
    organisation's, so that its admins read who created it."""
    organisation = form.save()
    audit(actor, organisation, "organisation.created", slug=organisation.slug)
    return organisation


@transaction.atomic
def do_create_engagement(actor, organisation: Organisation, form) -> Engagement:
    engagement = form.save(commit=False)
    engagement.organisation = organisation
    engagement.slug = Engagement.unique_slug(engagement.title_en or engagement.title_cy or "")
    engagement.save()
    audit(actor, organisation, "engagement.created", engagement, slug=engagement.slug)
    return engagement


@transaction.atomic
def do_update_engagement(actor, engagement: Engagement, form, what: str) -> Engagement:
    engagement = form.save()
    audit(actor, engagement.organisation, f"engagement.{what}_changed", engagement, fields=sorted(form.changed_data))
    return engagement


@transaction.atomic
def do_save_phase(actor, engagement: Engagement, form) -> Phase:
    created = form.instance.pk is None
    phase = form.save(commit=False)
    phase.engagement = engagement
    phase.save()
    audit(
        actor,
        engagement.organisation,
        "phase.created" if created else "phase.changed",
        engagement,
        phase=phase.pk,
        kind=phase.kind,
        state=phase.state,
    )
    return phase


@transaction.atomic
def do_delete_phase(actor, phase: Phase) -> None:
    engagement = phase.engagement
    audit(actor, engagement.organisation, "phase.deleted", engagement, phase=phase.pk, kind=phase.kind)
    phase.delete()


@transaction.atomic
def do_save_perspective(actor, engagement: Engagement, form) -> Perspective:
    created = form.instance.pk is None
    perspective = form.save(commit=False)
    perspective.engagement = engagement
    if created:
        perspective.position = engagement.perspectives.count()
    perspective.save()
    audit(
        actor,
        engagement.organisation,
        "perspective.created" if created else "perspective.changed",
        engagement,
        perspective=perspective.pk,
    )
    return perspective


@transaction.atomic
def do_delete_perspective(actor, perspective: Perspective) -> None:
    engagement = perspective.engagement
    audit(actor, engagement.organisation, "perspective.deleted", engagement, perspective=perspective.pk)
    perspective.delete()


class RoleNeedsOrganisationAdmin(Exception):
    """The role opens confidential material (models.ROLES) and only the organisation's admins may give it."""


def may_give_role(actor, organisation: Organisation, role: str) -> bool:
    if not opens_confidential(role):
        return True
    return actor is not None and actor.has_perm("engagements.give_confidential_roles", organisation)


def do_add_member(actor, organisation: Organisation, email: str, role: str, engagement: Engagement | None = None):
    """Give an account a role, creating the account if needed (it signs in by emailed code or sets a password).

    Returns (membership, created). Adding a role someone already holds changes nothing. A role that opens
    confidential material is refused (RoleNeedsOrganisationAdmin, nothing saved) unless the actor is an admin of
    the organisation, and giving one tells every admin of the organisation by email.
    """
    # Checked here, not only in the form: whatever calls this, a facilitator cannot make anyone (themselves
    # included) a mentor and so read the one-to-one notes.
    if not may_give_role(actor, organisation, role):
        raise RoleNeedsOrganisationAdmin(role)
    User = get_user_model()
    with transaction.atomic():
        user, _new_user = User.objects.get_or_create(
            email=email.strip().lower(),
            defaults={"password": "!"},  # "!" = unusable password
        )
        try:
            with transaction.atomic():
                membership, created = Membership.objects.get_or_create(
                    user=user, organisation=organisation, engagement=engagement, role=role
                )
        except IntegrityError:  # a concurrent request added it first
            membership, created = (
                Membership.objects.get(user=user, organisation=organisation, engagement=engagement, role=role),
                False,
            )
        if created:
            audit(actor, organisation, "member.added", engagement, user=user.pk, role=role)
            if opens_confidential(role):
                tell_admins_of_confidential_role(actor, membership)
    return membership, created


@transaction.atomic
def do_remove_member(actor, membership: Membership) -> None:
    audit(
        actor,
        membership.organisation,
        "member.removed",
        membership.engagement,
        user=membership.user_id,
        role=membership.role,
    )
    membership.delete()


@transaction.atomic
def do_join_engagement(
    engagement: Engagement, *, user=None, perspective: Perspective | None = None, participant: Participant | None = None
) -> Participant:
    """Record that someone agreed to the privacy notice and takes part (pseudonymous unless an account is given).

    An existing participant record of the same browser (made before consent was asked) is completed, not doubled.
    """
    now = timezone.now()
    if participant is None and user is not None and user.is_authenticated:
        participant, _created = Participant.objects.get_or_create(engagement=engagement, user=user)
    if participant is None:
        participant = Participant(engagement=engagement)
    participant.perspective = perspective
    participant.consented_at = participant.consented_at or now
    participant.save()
    return participant


@transaction.atomic
def do_claim_participant(user, participant: Participant) -> bool:
    """An account takes over a pseudonymous participant record made in the same browser.

    Returns False, changing nothing, when the account already takes part in the engagement with another record:
    two records' votes are not merged, so that nobody's votes are ever counted twice or silently dropped.
    (Taking part and claiming write no audit event on purpose: they would link a pseudonym to an account.)
    """
    if participant.user_id is not None:
        return participant.user_id == user.pk
    if Participant.objects.filter(engagement=participant.engagement, user=user).exists():
        return False
    participant.user = user
    participant.save(update_fields=["user"])
    return True


ROLES_FOR_ENGAGEMENT = [r for r in Role if r != Role.ORG_ADMIN]  # type: ignore[attr-defined]  # an enum, unseen without django-stubs


def do_export_personal_data(person: personal_data.Person) -> dict:
    """Everything the platform holds about a person, one section per registered app (JSON-serialisable).

    Not audited: it changes nothing, and whoever builds the page that serves it decides who may ask.
    """
    return personal_data.export_all(person)


@transaction.atomic
def do_erase_personal_data(actor, person: personal_data.Person) -> dict[str, dict[str, int]]:
    """Erase a person's data through every registered app, all or nothing, and return what each app did; then
    delete their account if nothing else points at it (accounts.personal_data.delete_account_if_unreferenced).

    The audit event is a platform event (a person's data spans organisations) and carries counts only: the
    audit log outlives the erasure, so it must not become the one place that still names the person. When a
    person deleted their own account, the event has no actor (the account is gone) and says so: `by_the_person`.
    """
    by_the_person = actor is not None and actor.pk == person.user_id
    # The apps' own audit events of a person erasing themselves name no actor either: naming the account would keep
    # it (an audit row points at it) and link the erasure to it.
    counts = personal_data.erase_all(None if by_the_person else actor, person)
    if personal_data.delete_account_if_unreferenced(person):
        counts.setdefault("accounts", {})["accounts_deleted"] = 1
        if by_the_person:
            actor = None
            counts["accounts"]["by_the_person"] = 1
    audit(actor, None, "personal_data.erased", **{app: c for app, c in counts.items() if c})
    return counts
