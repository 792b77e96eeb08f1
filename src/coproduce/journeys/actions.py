"""Action functions: the only way journeys change. Each is transactional and writes its audit event in the
organisation's scope: ids and counts only (never a rating, a comment or a token: answers are anonymous)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coproduce.core.bilingual import Texts, columns_of, has_text
from coproduce.core.bilingual import update as bilingual_update
from coproduce.delivery import actions as delivery
from coproduce.delivery.models import Action
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Organisation
from coproduce.journeys.frameworkjson import FrameworkData
from coproduce.journeys.models import (
    Answer,
    Dimension,
    Evidence,
    Framework,
    Invitation,
    Invitee,
    Level,
    NextStep,
    OrganisationSettings,
    Perspective,
    Rating,
    Round,
    Statement,
)
from coproduce.networks.models import Network
from coproduce.proposals.models import Decision

MAX_INVITATIONS = 500


class JourneyError(Exception):
    """An input journeys refuses; the view turns it into a message."""


class RoundClosed(JourneyError):
    """The round no longer takes answers."""


class TokenUsed(JourneyError):
    """The invitation was already used (or never existed): one answer per link."""


class RatingOutOfRange(JourneyError):
    """A rating outside the framework's scale, or for a dimension of another framework."""


class SlugTaken(JourneyError):
    """A framework with this short name exists already."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ------------------------------------------------------------------------------------------ frameworks
def _create_framework(data: FrameworkData, organisation: Organisation | None) -> Framework:
    framework = Framework.objects.create(
        slug=data.slug,
        organisation=organisation,
        **columns_of(name=data.name, description=data.description, source=data.source),
    )
    Level.objects.bulk_create(
        Level(framework=framework, number=i, **columns_of(name=name, description=description))
        for i, (name, description) in enumerate(data.levels, start=1)
    )
    dimensions = Dimension.objects.bulk_create(
        Dimension(
            framework=framework,
            key=d.key,
            position=i,
            **columns_of(name=d.name, description=d.description),
        )
        for i, d in enumerate(data.dimensions)
    )
    Statement.objects.bulk_create(
        Statement(dimension=dimension, position=j, **columns_of(text=text))
        for dimension, d in zip(dimensions, data.dimensions)
        for j, text in enumerate(d.statements)
    )
    return framework


@transaction.atomic
def do_import_framework(actor, organisation: Organisation | None, data: FrameworkData) -> Framework:
    """A framework from checked JSON (frameworkjson.parse), the organisation's own (or the platform's, None)."""
    if Framework.objects.filter(slug=data.slug).exists():
        raise SlugTaken(data.slug)
    framework = _create_framework(data, organisation)
    audit(
        actor,
        organisation,
        "journeys.framework_imported",
        framework=framework.pk,
        dimensions=len(data.dimensions),
        levels=len(data.levels),
    )
    return framework


class FrameworkInUse(JourneyError):
    """The framework's structure (its scale, practices or themes, statements) is fixed once a round uses it: past
    answers were given against it. Its texts may still be corrected."""


class FrameworkFull(JourneyError):
    """The framework has as many levels, dimensions or statements as a framework may have."""


# The texts of each part of a framework that staff edit in the browser, and what each needs.
PART_TEXTS = {
    Framework: (("name", True), ("description", False), ("source", False)),
    Level: (("name", True), ("description", False)),
    Dimension: (("name", True), ("description", False)),
    Statement: (("text", True),),
}


def framework_of(part: Framework | Level | Dimension | Statement) -> Framework:
    if isinstance(part, Framework):
        return part
    if isinstance(part, Statement):
        return part.dimension.framework
    return part.framework


def _check_editable(framework: Framework) -> None:
    if framework.organisation_id is None:
        raise JourneyError("the platform's frameworks are edited as files")


@transaction.atomic
def do_edit_framework_texts(
    actor, part: Framework | Level | Dimension | Statement, texts: Mapping[str, Texts]
) -> list[str]:
    """Correct the texts of an organisation's own framework or one of its parts, in English and Welsh (allowed
    whether or not rounds use it: the meaning stays). Returns the languages whose text changed."""
    framework = framework_of(part)
    _check_editable(framework)
    wanted = dict(PART_TEXTS[type(part)])
    if set(texts) - set(wanted) or any(
        required and not has_text(texts.get(name, "")) for name, required in wanted.items()
    ):
        raise JourneyError("a required text is missing")
    names, changed = bilingual_update(part, **texts)
    part.save(update_fields=names)
    audit(
        actor,
        framework.organisation,
        "journeys.framework_edited",
        framework=framework.pk,
        part=type(part).__name__.lower(),
        part_id=part.pk,
        languages=changed,
    )
    return changed


def _check_structure(framework: Framework) -> None:
    _check_editable(framework)
    if Round.objects.filter(framework=framework).exists():
        raise FrameworkInUse


@transaction.atomic
def do_add_level(actor, framework: Framework, *, name: Texts, description: Texts | str = "") -> Level:
    """A new step at the top of the scale (only before any round uses the framework)."""
    from coproduce.journeys.frameworkjson import MAX_LEVELS as MOST

    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _check_structure(framework)
    count = framework.levels.count()
    if count >= MOST:
        raise FrameworkFull
    if not has_text(name):
        raise JourneyError("a level needs a name")
    level = Level.objects.create(
        framework=framework, number=count + 1, **columns_of(name=name, description=description)
    )
    audit(
        actor, framework.organisation, "journeys.framework_edited", framework=framework.pk, part="level", added=level.pk
    )
    return level


@transaction.atomic
def do_add_dimension(actor, framework: Framework, *, name: Texts, description: Texts | str = "") -> Dimension:
    """A new practice or theme at the end (only before any round uses the framework)."""
    from django.utils.text import slugify

    from coproduce.journeys.frameworkjson import MAX_DIMENSIONS

    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _check_structure(framework)
    keys = set(framework.dimensions.values_list("key", flat=True))
    if len(keys) >= MAX_DIMENSIONS:
        raise FrameworkFull
    if not has_text(name):
        raise JourneyError("a dimension needs a name")
    columns = columns_of(name=name)
    base = slugify(columns.get("name_en") or columns.get("name_cy") or "")[:70] or "dimension"
    key, n = base, 2
    while key in keys:
        key, n = f"{base}-{n}", n + 1
    dimension = Dimension.objects.create(
        framework=framework, key=key, position=len(keys), **columns_of(name=name, description=description)
    )
    audit(
        actor,
        framework.organisation,
        "journeys.framework_edited",
        framework=framework.pk,
        part="dimension",
        added=dimension.pk,
    )
    return dimension


@transaction.atomic
def do_add_statement(actor, dimension: Dimension, *, text: Texts) -> Statement:
    """A new statement under a practice or theme (only before any round uses the framework)."""
    from coproduce.journeys.frameworkjson import MAX_STATEMENTS

    framework = Framework.objects.select_for_update().get(pk=dimension.framework_id)
    _check_structure(framework)
    count = dimension.statements.count()
    if count >= MAX_STATEMENTS:
        raise FrameworkFull
    if not has_text(text):
        raise JourneyError("a statement needs a text")
    statement = Statement.objects.create(dimension=dimension, position=count, **columns_of(text=text))
    audit(
        actor,
        framework.organisation,
        "journeys.framework_edited",
        framework=framework.pk,
        part="statement",
        added=statement.pk,
    )
    return statement


@transaction.atomic
def do_install_shipped_frameworks(actor=None) -> list[Framework]:
    """The frameworks the platform ships, installed once (again: nothing)."""
    from coproduce.journeys.frameworkjson import shipped

    made = []
    for data in shipped():
        if not Framework.objects.filter(slug=data.slug).exists():
            made.append(_create_framework(data, None))
    if made:
        audit(actor, None, "journeys.frameworks_installed", count=len(made))
    return made


# ------------------------------------------------------------------------------------------ rounds
@transaction.atomic
def do_start_round(
    actor,
    organisation: Organisation | None,
    framework: Framework,
    *,
    title: str | Texts,
    engagement: Engagement | None = None,
    team: str | Texts = "",
    network: Network | None = None,
    started_on: dt.date | None = None,
) -> Round:
    """A round of an organisation (for itself, one of its teams or one of its engagements), or of a network (no
    organisation, no engagement, no team; a platform framework only)."""
    if (organisation is None) == (network is None):
        raise JourneyError("a round belongs to an organisation or to a network")
    if network is not None and (engagement is not None or has_text(team)):
        raise JourneyError("a network's round is of the whole network")
    owner_id = organisation.pk if organisation is not None else None
    if framework.organisation_id not in (None, owner_id):
        raise JourneyError("another organisation's framework")
    if engagement is not None and engagement.organisation_id != owner_id:
        raise JourneyError("another organisation's engagement")
    if not has_text(title):
        raise JourneyError("a round needs a title")
    round_ = Round.objects.create(
        organisation=organisation,
        network=network,
        engagement=engagement,
        framework=framework,
        created_by=actor,
        started_on=started_on or timezone.localdate(),
        **columns_of(title=title, team=team),
    )
    audit(actor, organisation, "journeys.round_started", engagement, network=network, round=round_.pk)
    return round_


@transaction.atomic
def do_invite(actor, round_: Round, counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """New invitation links: (perspective, token) for each, shown once; only the tokens' hashes are kept."""
    if not round_.is_open:
        raise RoundClosed
    wanted = {p: int(counts.get(p, 0)) for p in Perspective.values}
    if any(n < 0 for n in wanted.values()) or not 0 < sum(wanted.values()) <= MAX_INVITATIONS:
        raise JourneyError(f"between 1 and {MAX_INVITATIONS} invitations")
    scope = round_.scope
    made = [(p, secrets.token_urlsafe(18)) for p, n in wanted.items() for _i in range(n)]
    Invitation.objects.bulk_create(
        Invitation(round=round_, perspective=p, token_hash=token_hash(token)) for p, token in made
    )
    audit(
        actor,
        scope["organisation"],
        "journeys.invited",
        round_.engagement,
        network=scope["network"],
        round=round_.pk,
        **wanted,
    )
    return made


def invitable_people(round_: Round):
    """Who may be invited to the round by email: people with an account and an address who are staff of its
    organisation (any staff role), or take part in its engagement; for a network's round, staff of its member
    organisations (at any depth) and its coordinators."""
    from django.contrib.auth import get_user_model

    from coproduce.engagements.models import STAFF_ROLES, Membership, Participant

    if round_.network_id is not None:
        from coproduce.networks.graph import member_organisation_ids
        from coproduce.networks.models import NetworkCoordinator

        staff = Membership.objects.filter(
            organisation_id__in=list(member_organisation_ids(round_.network)), role__in=STAFF_ROLES
        ).values("user_id")
        wanted = Q(pk__in=staff) | Q(pk__in=NetworkCoordinator.objects.filter(network=round_.network).values("user_id"))
    else:
        wanted = Q(
            pk__in=Membership.objects.filter(organisation=round_.organisation, role__in=STAFF_ROLES).values("user_id")
        )
        if round_.engagement_id is not None:
            wanted |= Q(pk__in=Participant.objects.filter(engagement_id=round_.engagement_id).values("user_id"))
    return get_user_model().objects.filter(wanted, is_active=True).exclude(email="").order_by("pk")


@transaction.atomic
def do_invite_people(actor, round_: Round, users: Iterable, perspective: str) -> int:
    """Invite people with an account by email: each gets a notice (coproduce.notifications) with the page where they
    take their own link, once, while the round is open; they are told too when its figures are published. Someone
    invited already is not invited again. Returns how many were invited now."""
    from coproduce.journeys.notify import subscribe_and_notify

    if not round_.is_open:
        raise RoundClosed
    if perspective not in Perspective.values:
        raise JourneyError("no such perspective")
    allowed = set(invitable_people(round_).values_list("pk", flat=True))
    users = list(users)
    if not users or any(u.pk not in allowed for u in users):
        raise JourneyError("someone who may not be invited")
    if len(users) > MAX_INVITATIONS:
        raise JourneyError(f"at most {MAX_INVITATIONS} people")
    already = set(Invitee.objects.filter(round=round_, user__in=users).values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in already]
    Invitee.objects.bulk_create(Invitee(round=round_, user=u, perspective=perspective) for u in new)
    subscribe_and_notify(round_, new)
    scope = round_.scope
    audit(
        actor,
        scope["organisation"],
        "journeys.invited_by_email",
        round_.engagement,
        network=scope["network"],
        round=round_.pk,
        **{perspective: len(new)},
    )
    return len(new)


@transaction.atomic
def do_take_link(user, round_: Round) -> str | None:
    """The invited person's own link, made now and shown once; None if they were not invited, have taken it
    already, or the round is closed. The invitation it makes names nobody, like any other."""
    invitee = Invitee.objects.select_for_update().filter(round=round_, user=user, link_taken=False).first()
    if invitee is None or not round_.is_open:
        return None
    Invitee.objects.filter(pk=invitee.pk).update(link_taken=True)
    token = secrets.token_urlsafe(18)
    Invitation.objects.create(round=round_, perspective=invitee.perspective, token_hash=token_hash(token))
    # Like an answer, the audit trail says only that a link was taken: not by whom.
    scope = round_.scope
    audit(
        None, scope["organisation"], "journeys.link_taken", round_.engagement, network=scope["network"], round=round_.pk
    )
    return token


def invitation_for(token: str) -> Invitation | None:
    """The unused invitation of this token, with its round and framework; None if used or unknown."""
    return (
        Invitation.objects.select_related("round", "round__framework", "round__organisation", "round__network")
        .filter(token_hash=token_hash(token), used=False)
        .first()
    )


@dataclass
class Given:
    """One dimension's part of an answer, as the form gives it."""

    dimension_id: int
    level: int | None  # None: the person did not rate it
    comment: str = ""
    evidence: tuple[tuple[str, int], ...] = ()  # (Evidence.Kind, record id)


@transaction.atomic
def do_answer(token: str, given: Iterable[Given], language: str) -> Answer:
    """Answer once with an invitation's token. The invitation is marked used (and nothing else), and the answer
    keeps only the perspective: from now on nothing ties it to the link. Refused, changing nothing: a used or
    unknown token (TokenUsed), a closed round (RoundClosed), a level off the scale or a dimension of another
    framework (RatingOutOfRange)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("round").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or invitation.used:
        raise TokenUsed
    round_ = invitation.round
    if not round_.is_open:
        raise RoundClosed
    dimensions = set(Dimension.objects.filter(framework_id=round_.framework_id).values_list("pk", flat=True))
    top = Level.objects.filter(framework_id=round_.framework_id).count()
    given = [g for g in given if g.level is not None or g.comment.strip()]
    for g in given:
        if g.dimension_id not in dimensions or (g.level is not None and not 1 <= g.level <= top):
            raise RatingOutOfRange
        if g.level is None:
            raise RatingOutOfRange  # a comment needs a rating beside it
    if any(g.evidence for g in given):  # most answers cite nothing: no need to list what they may cite
        allowed = evidence_for(round_)
        for g in given:
            if any((kind, pk) not in allowed for kind, pk in g.evidence):
                raise JourneyError("evidence from outside the organisation")
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    answer = Answer.objects.create(round=round_, perspective=invitation.perspective)
    language = language if language in ("en", "cy") else "en"
    ratings = Rating.objects.bulk_create(
        Rating(answer=answer, dimension_id=g.dimension_id, level=g.level, comment=g.comment.strip(), language=language)
        for g in given
    )
    evidence = []
    for rating, g in zip(ratings, given):
        for kind, pk in dict.fromkeys(g.evidence):
            column = {"engagement": "engagement_id", "decision": "decision_id"}.get(kind, "action_id")
            evidence.append(Evidence(rating=rating, kind=kind, **{column: pk}))
    Evidence.objects.bulk_create(evidence)
    # No actor, no answer id: the audit trail says only that the round got an answer.
    scope = round_.scope
    audit(
        None, scope["organisation"], "journeys.answered", round_.engagement, network=scope["network"], round=round_.pk
    )
    return answer


def evidence_for(round_: Round) -> dict[tuple[str, int], tuple[str, str]]:
    """What an answer to this round may cite: its organisation's records, or (a network's round) those of the
    network's member organisations."""
    if round_.network_id is not None:
        from coproduce.networks.graph import member_organisation_ids

        return evidence_choices(list(member_organisation_ids(round_.network)))
    return evidence_choices(round_.organisation)


def evidence_choices(organisation: Organisation | Iterable[int]) -> dict[tuple[str, int], tuple[str, str]]:
    """The records an answer may cite as evidence: (kind, id) -> (kind label, the record's title in the reader's
    language). The organisation's public engagements, their decisions and actions, and the feedback on those
    actions: a link may be passed on, so the form never names a private engagement. Four queries."""
    from coproduce.core.bilingual import resolve

    choices: dict[tuple[str, int], tuple[str, str]] = {}
    labels = dict(Evidence.Kind.choices)
    owners = (
        {"organisation": organisation}
        if isinstance(organisation, Organisation)
        else {"organisation_id__in": organisation}
    )
    public = Engagement.objects.filter(**owners, visibility=Engagement.Visibility.PUBLIC)
    for engagement in public.order_by("pk"):
        choices[("engagement", engagement.pk)] = (str(labels["engagement"]), resolve(engagement, "title")[0])
    for decision in Decision.objects.filter(engagement__in=public).order_by("pk"):
        choices[("decision", decision.pk)] = (str(labels["decision"]), resolve(decision, "title")[0])
    actions = Action.objects.filter(engagement__in=public)
    rated = set(actions.filter(feedback__isnull=False).values_list("pk", flat=True))
    for action in actions.order_by("pk"):
        choices[("action", action.pk)] = (str(labels["action"]), resolve(action, "title")[0])
        if action.pk in rated:
            choices[("feedback", action.pk)] = (str(labels["feedback"]), resolve(action, "title")[0])
    return choices


@transaction.atomic
def do_close_round(actor, round_: Round) -> bool:
    """Close the round: no more answers, and the results can be read. Again: nothing (False)."""
    changed = Round.objects.filter(pk=round_.pk, status=Round.Status.OPEN).update(
        status=Round.Status.CLOSED, closed_on=timezone.localdate()
    )
    if changed:
        round_.refresh_from_db(fields=["status", "closed_on"])
        # The unused links can no longer be used: they go.
        unused = Invitation.objects.filter(round=round_, used=False).delete()[0]
        scope = round_.scope
        audit(
            actor,
            scope["organisation"],
            "journeys.round_closed",
            round_.engagement,
            network=scope["network"],
            round=round_.pk,
            unused=unused,
        )
    return bool(changed)


@transaction.atomic
def do_publish_round(actor, round_: Round, published: bool) -> None:
    """Make a closed round's aggregates public (a page, the API, open data), or private again."""
    if round_.is_open:
        raise RoundClosed
    if published and round_.network_id is not None:
        raise JourneyError("a network's round is not published: open data carries an organisation's licence")
    if round_.published != published:
        Round.objects.filter(pk=round_.pk).update(published=published)
        round_.published = published
        if published:
            from coproduce.journeys.notify import notify_published

            notify_published(round_)
        audit(
            actor,
            round_.organisation,
            "journeys.round_published" if published else "journeys.round_unpublished",
            round_.engagement,
            round=round_.pk,
        )


@transaction.atomic
def do_add_next_step(
    actor,
    round_: Round,
    *,
    title: str | Texts,
    owner: str | Texts,
    description: str | Texts = "",
    target_date: dt.date | None = None,
    dimension: Dimension | None = None,
    decision: Decision | None = None,
) -> NextStep:
    """An agreed next step becomes an action on the delivery board: under a decision of the round's engagement when
    one is given, else on the organisation's (or the network's) own actions board."""
    if dimension is not None and dimension.framework_id != round_.framework_id:
        raise JourneyError("a dimension of another framework")
    if decision is not None:
        if round_.engagement_id is None or decision.engagement_id != round_.engagement_id:
            raise JourneyError("a decision of another engagement")
        action = delivery.do_create_action(
            actor, decision, title=title, description=description, owner=owner, target_date=target_date
        )
    elif round_.network_id is not None:
        action = delivery.do_create_network_action(
            actor, round_.network, title=title, description=description, owner=owner, target_date=target_date
        )
    else:
        action = delivery.do_create_organisation_action(
            actor, round_.organisation, title=title, description=description, owner=owner, target_date=target_date
        )
    step = NextStep.objects.create(round=round_, dimension=dimension, action=action)
    scope = round_.scope
    audit(
        actor,
        scope["organisation"],
        "journeys.next_step_added",
        network=scope["network"],
        round=round_.pk,
        action_id=action.pk,
    )
    return step


@transaction.atomic
def do_save_settings(
    actor, organisation: Organisation, *, share_benchmarks: bool, stalled_after_weeks: int
) -> OrganisationSettings:
    if not 1 <= stalled_after_weeks <= 104:
        raise JourneyError("stalled after 1 to 104 weeks")
    settings_, _created = OrganisationSettings.objects.update_or_create(
        organisation=organisation,
        defaults={"share_benchmarks": share_benchmarks, "stalled_after_weeks": stalled_after_weeks},
    )
    audit(
        actor,
        organisation,
        "journeys.settings_changed",
        share_benchmarks=int(share_benchmarks),
        stalled_after_weeks=stalled_after_weeks,
    )
    return settings_


@transaction.atomic
def do_forget_creator(actor, user_id: int) -> dict[str, int]:
    """Erasure: the rounds a person started stay, without the link to them; the invitations by email to them go
    (their subscriptions are notifications' own to erase)."""
    n = Round.objects.filter(created_by_id=user_id).update(created_by=None)
    invited = Invitee.objects.filter(user_id=user_id).delete()[0]
    if n or invited:
        audit(actor, None, "journeys.creator_forgotten", rounds=n, invitations=invited)
    return {"journey_rounds": n, "journey_invitations": invited}
