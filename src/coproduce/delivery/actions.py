"""Action functions of delivery: the only way actions, iterations and feedback change.

Each is transactional and writes its audit event (participants' own feedback is not audited by name: it is theirs).
A change of an action's status queues a notice (coproduce.notifications) for the people who contributed to it; it
is mailed after the transaction commits. Subscribing and unsubscribing are notifications' own actions.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.core import bilingual
from coproduce.core.bilingual import Texts, assign, columns, columns_of, has_text
from coproduce.delivery.models import Action, ActionUpdate, Feedback, Iteration
from coproduce.delivery.notify import topic_of
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Organisation, Participant
from coproduce.networks.models import Network
from coproduce.notifications.actions import queue_notices
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.models import Decision, Proposal


@transaction.atomic
def do_create_action(
    actor,
    decision: Decision,
    *,
    title: str | Texts,
    description: str | Texts,
    owner: str | Texts,
    target_date: dt.date | None,
    iteration: Iteration | None = None,
) -> Action:
    engagement = decision.engagement
    if iteration is not None and iteration.engagement_id != engagement.pk:
        raise ValueError("an action can join only an iteration of its own engagement")
    now = timezone.now()
    action = Action.objects.create(
        engagement=engagement,
        decision=decision,
        **columns_of(title=title, description=description, owner=owner),
        target_date=target_date,
        iteration=iteration,
        created_at=now,
        updated_at=now,
    )
    audit(actor, engagement.organisation, "action.created", engagement, action_id=action.pk, decision=decision.pk)
    return action


@transaction.atomic
def do_create_organisation_action(
    actor,
    organisation: Organisation,
    *,
    title: str | Texts,
    description: str | Texts = "",
    owner: str | Texts,
    target_date: dt.date | None = None,
) -> Action:
    """An organisation's own action, with no engagement or decision behind it (a next step agreed after a
    self-assessment, coproduce.journeys): it is on the organisation's own actions board."""
    if not has_text(title) or not has_text(owner):
        raise ValueError("an action needs a title and an owner")
    now = timezone.now()
    action = Action.objects.create(
        organisation=organisation,
        **columns_of(title=title, description=description, owner=owner),
        target_date=target_date,
        created_at=now,
        updated_at=now,
    )
    audit(actor, organisation, "action.created", action_id=action.pk, own=1)
    return action


@transaction.atomic
def do_create_network_action(
    actor,
    network: Network,
    *,
    title: str | Texts,
    description: str | Texts = "",
    owner: str | Texts,
    target_date: dt.date | None = None,
) -> Action:
    """A network's own action (a next step agreed after a network's self-assessment, coproduce.journeys): on the
    network's own actions board, audited in the network's scope."""
    if not has_text(title) or not has_text(owner):
        raise ValueError("an action needs a title and an owner")
    now = timezone.now()
    action = Action.objects.create(
        network=network,
        **columns_of(title=title, description=description, owner=owner),
        target_date=target_date,
        created_at=now,
        updated_at=now,
    )
    audit(actor, None, "action.created", network=network, action_id=action.pk, own=1)
    return action


@transaction.atomic
def do_set_action_status(
    actor, action: Action, status: str, *, reason: str | Texts = "", text: str | Texts = ""
) -> ActionUpdate | None:
    """Move an action to a new status (with the reason when it is not possible). The same status again changes
    nothing (a double-submitted form is harmless) and returns None. The update published with it says what
    happened, or else the reason."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    reasons = columns("status_reason", reason)
    if locked.status == status and all((getattr(locked, name) or None) == value for name, value in reasons.items()):
        return None
    previous = locked.status
    now = timezone.now()
    locked.status, locked.updated_at = status, now
    locked.save(update_fields=["status", "updated_at", *assign(locked, "status_reason", reason)])
    action.status, action.updated_at = status, now
    assign(action, "status_reason", reason)
    update = ActionUpdate.objects.create(
        action=locked,
        status=status,
        **columns_of(text=text if has_text(text) else reason),
        author=actor,
        created_at=now,
    )
    audit(
        actor,
        action.owning_organisation,
        "action.status_changed",
        action.engagement,
        network=action.network,
        action_id=action.pk,
        previous=previous,
        status=status,
    )
    notify_contributors(update)
    return update


@transaction.atomic
def do_add_update(actor, action: Action, text: str | Texts) -> ActionUpdate:
    now = timezone.now()
    update = ActionUpdate.objects.create(action=action, **columns_of(text=text), author=actor, created_at=now)
    Action.objects.filter(pk=action.pk).update(updated_at=now)
    audit(
        actor,
        action.owning_organisation,
        "action.updated",
        action.engagement,
        network=action.network,
        action_id=action.pk,
        update=update.pk,
    )
    return update


@transaction.atomic
def do_edit_action_texts(
    actor, action: Action, *, title: Texts, description: Texts, owner: Texts, status_reason: Texts | None = None
) -> list[str]:
    """An action's texts in English and Welsh; the reason it is not possible only when it is not possible."""
    if not (has_text(title) and has_text(owner)):
        raise ValueError("an action needs a title and an owner in at least one language")
    texts: dict[str, Texts] = {"title": title, "description": description, "owner": owner}
    if status_reason is not None and action.status == Action.Status.NOT_POSSIBLE:
        if not has_text(status_reason):
            raise ValueError("an action that is not possible needs its reason in at least one language")
        texts["status_reason"] = status_reason
    columns, changed = bilingual.update(action, **texts)
    action.updated_at = timezone.now()
    action.save(update_fields=[*columns, "updated_at"])
    audit(
        actor,
        action.engagement.organisation,
        "action.texts_edited",
        action.engagement,
        action_id=action.pk,
        languages=changed,
    )
    return changed


@transaction.atomic
def do_edit_update(actor, update: ActionUpdate, text: Texts) -> list[str]:
    """A published progress update in English and Welsh (an update made by a change of status may have no text)."""
    if not (has_text(text) or update.status):
        raise ValueError("a progress update needs a text in at least one language")
    columns, changed = bilingual.update(update, text=text)
    update.save(update_fields=columns)
    action = update.action
    audit(
        actor,
        action.engagement.organisation,
        "action.update_edited",
        action.engagement,
        action_id=action.pk,
        update=update.pk,
        languages=changed,
    )
    return changed


@transaction.atomic
def do_assign_iteration(actor, action: Action, iteration: Iteration | None) -> None:
    if iteration is not None and iteration.engagement_id != action.engagement_id:
        raise ValueError("an action can join only an iteration of its own engagement")
    action.iteration = iteration
    action.save(update_fields=["iteration"])
    audit(
        actor,
        action.engagement.organisation,
        "action.iteration_changed",
        action.engagement,
        action_id=action.pk,
        iteration=iteration.pk if iteration else None,
    )


@transaction.atomic
def do_create_iteration(
    actor, engagement: Engagement, *, name: str | Texts, goal: str | Texts, starts_on: dt.date, ends_on: dt.date
) -> Iteration:
    iteration = Iteration.objects.create(
        engagement=engagement, **columns_of(name=name, goal=goal), starts_on=starts_on, ends_on=ends_on
    )
    audit(actor, engagement.organisation, "iteration.created", engagement, iteration=iteration.pk)
    return iteration


@transaction.atomic
def do_edit_iteration(
    actor, iteration: Iteration, *, name: Texts, goal: Texts, starts_on: dt.date, ends_on: dt.date
) -> list[str]:
    if not (has_text(name) and has_text(goal)):
        raise ValueError("an iteration needs a name and a goal in at least one language")
    if ends_on < starts_on:
        raise ValueError("an iteration ends on or after its start")
    columns, changed = bilingual.update(iteration, name=name, goal=goal)
    iteration.starts_on, iteration.ends_on = starts_on, ends_on
    iteration.save(update_fields=[*columns, "starts_on", "ends_on"])
    engagement = iteration.engagement
    audit(actor, engagement.organisation, "iteration.edited", engagement, iteration=iteration.pk, languages=changed)
    return changed


@transaction.atomic
def do_give_feedback(participant: Participant, action: Action, rating: int, comment: str) -> Feedback:
    """One answer per person and action: giving feedback again replaces the earlier answer."""
    now = timezone.now()
    feedback, _created = Feedback.objects.update_or_create(
        action=action,
        participant=participant,
        defaults={"rating": rating, "comment": comment, "updated_at": now},
        create_defaults={"rating": rating, "comment": comment, "created_at": now, "updated_at": now},
    )
    return feedback


def contributor_ids(action: Action) -> set[int]:
    """Participants who contributed to what this action delivers: the authors of the statements its decision's
    proposals cite, the authors of those proposals, and whoever gave feedback on it. Three queries."""
    proposals = Proposal.objects.filter(decisions=action.decision_id)
    statement_authors = Statement.objects.filter(citations__proposal__in=proposals, author__isnull=False).values_list(
        "author_id", flat=True
    )
    proposal_authors = proposals.filter(author_participant__isnull=False).values_list(
        "author_participant_id", flat=True
    )
    feedback_givers = Feedback.objects.filter(action=action).values_list("participant_id", flat=True)
    return set(statement_authors) | set(proposal_authors) | set(feedback_givers)


def notify_contributors(update: ActionUpdate) -> None:
    """A notice for each contributor subscribed to the engagement's updates; mailed at once (after commit) or in
    their next digest. Part of the status change's action, which writes the audit event."""
    if update.action.engagement_id is None:  # an organisation's own action has no contributors to tell
        return
    ids = contributor_ids(update.action)
    if ids:
        subscribers = [Subscriber.participant(pk).key for pk in ids]
        queue_notices(topic_of(update.action.engagement), str(update.pk), subscribers=subscribers)


def next_cycle_seeds(engagement: Engagement) -> list[str]:
    """Statements to open the next cycle's conversation with, from what was delivered and what is still open:
    people vote on whether each delivered change worked and whether each open action still matters. In the
    facilitator's language; they can edit every one before starting. Feedback comments are not used: they were
    given to staff, not to be published."""
    from django.utils.translation import gettext as _

    seeds = []
    rated = set(Feedback.objects.filter(action__engagement=engagement).values_list("action_id", flat=True).distinct())
    for action in Action.objects.filter(engagement=engagement).order_by("pk"):
        if action.status == Action.Status.DONE:
            text = (
                _("“%(action)s” has worked for me.") if action.pk in rated else _("“%(action)s” has made a difference.")
            )
        elif action.status == Action.Status.NOT_POSSIBLE:
            text = _("We should find another way to do what “%(action)s” set out to do.")
        else:
            text = _("“%(action)s” still matters to me.")
        seeds.append(text % {"action": action.title})
    return seeds


@transaction.atomic
def do_start_next_cycle(actor, engagement: Engagement, *, title_en: str, title_cy: str, seeds: list[str]) -> Engagement:
    """A new engagement for the next cycle: same organisation, question, boundaries, perspectives and engagement
    team; private until the facilitator opens it; a listening phase from today; its conversation seeded."""
    from coproduce.conversations.access import conversation_of
    from coproduce.conversations.models import Statement, normalise_statement
    from coproduce.engagements.models import Membership, Perspective, Phase, opens_confidential
    from coproduce.engagements.rules import is_organisation_admin

    fields = ("question", "brief", "in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline")
    copied = {f"{name}_{lang}": getattr(engagement, f"{name}_{lang}") for name in fields for lang in ("en", "cy")}
    following = Engagement.objects.create(
        organisation=engagement.organisation,
        slug=Engagement.unique_slug(title_en or title_cy),
        title_en=title_en or None,
        title_cy=title_cy or None,
        languages=engagement.languages,
        visibility=Engagement.Visibility.PRIVATE,
        **copied,
    )
    Perspective.objects.bulk_create(
        [
            Perspective(engagement=following, name_en=p.name_en, name_cy=p.name_cy, position=p.position)
            for p in engagement.perspectives.all()
        ]
    )
    # Roles that open confidential material are granted only by organisation admins (docs/security.md): a
    # facilitator starting the next cycle carries the team over without them.
    carried = [
        m
        for m in Membership.objects.filter(engagement=engagement)
        if not opens_confidential(m.role) or is_organisation_admin(actor, engagement.organisation)
    ]
    Membership.objects.bulk_create(
        [
            Membership(user_id=m.user_id, organisation_id=m.organisation_id, engagement=following, role=m.role)
            for m in carried
        ]
    )
    today = timezone.localdate()
    Phase.objects.create(
        engagement=following,
        kind=Phase.Kind.LISTEN,
        starts_on=today,
        ends_on=today + dt.timedelta(days=28),
        features=[str(f) for f in Phase.DEFAULT_FEATURES[Phase.Kind.LISTEN]],
    )
    conversation = conversation_of(following)
    # bulk_create skips save(), which fills the normalised text: fill it here, the same way.
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation, text=text, origin=Statement.Origin.SEED, normalised=normalise_statement(text)
            )
            for text in seeds
        ]
    )
    audit(
        actor,
        engagement.organisation,
        "engagement.next_cycle_started",
        engagement,
        next=following.slug,
        seeds=len(seeds),
    )
    audit(
        actor, engagement.organisation, "engagement.created", following, slug=following.slug, previous=engagement.slug
    )
    return following
