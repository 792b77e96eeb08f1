"""Organisations run engagements; an engagement moves through phases, each switching features on or off."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def new_access_key() -> str:
    return secrets.token_urlsafe(18)


class Licence(models.TextChoices):
    """Licences an organisation can publish its open data under (values are SPDX identifiers)."""

    OGL_3 = "OGL-UK-3.0", _("Open Government Licence v3.0")
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain)")


LICENCE_URLS = {
    Licence.OGL_3: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True)
    # Open by default: what the organisation's open data and API responses are published under.
    licence = models.CharField(_("open data licence"), max_length=20, choices=Licence.choices, default=Licence.OGL_3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    FACILITATOR = "facilitator", _("Facilitator")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    MENTOR = "mentor", _("Mentor")
    EXPERT = "expert", _("Expert")
    TRANSLATOR = "translator", _("Translator")
    PARTICIPANT = "participant", _("Participant")


class RoleRow(NamedTuple):
    opens_confidential: bool


# The table of roles: every role, and whether holding it opens confidential material (the one-to-one notes, the
# list of everyone's conversations, the mentor space, or anything else kept from facilitators). Only organisation
# admins may give such a role, and giving one tells every admin of the organisation by email (engagements/actions.py).
# A new role gets its row here; tests/listening/test_role_changes.py then tries every way a non-admin could give it,
# and checks that the row tells the truth.
ROLES: dict[str, RoleRow] = {
    Role.ORG_ADMIN: RoleRow(opens_confidential=True),
    Role.FACILITATOR: RoleRow(opens_confidential=False),
    # A spokesperson reads only the notes they wrote themselves.
    Role.SPOKESPERSON: RoleRow(opens_confidential=False),
    Role.MENTOR: RoleRow(opens_confidential=True),
    Role.EXPERT: RoleRow(opens_confidential=False),
    # A translator reads what is published already (participants' statements) and proposes or confirms translations.
    Role.TRANSLATOR: RoleRow(opens_confidential=False),
    Role.PARTICIPANT: RoleRow(opens_confidential=False),
}


def opens_confidential(role: str) -> bool:
    # A role missing from the table counts as opening confidential material: only an admin can give it.
    row = ROLES.get(role)
    return row is None or row.opens_confidential


STAFF_ROLES = frozenset({Role.ORG_ADMIN, Role.FACILITATOR, Role.SPOKESPERSON, Role.MENTOR, Role.EXPERT})
MANAGER_ROLES = frozenset({Role.ORG_ADMIN, Role.FACILITATOR})
# Translators are not staff (they neither write as staff nor see the staff's boards) but use the staff area for the
# translation queue.
STAFF_AREA_ROLES = STAFF_ROLES | {Role.TRANSLATOR}


class Membership(models.Model):
    """A role held by an account, for a whole organisation (engagement empty) or for one engagement."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    engagement = models.ForeignKey(
        "Engagement", on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "engagement", "role"], name="membership_unique_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(engagement__isnull=True),
                name="membership_unique_org_role",
            ),
            # An organisation admin is admin of the whole organisation, never of one engagement.
            models.CheckConstraint(
                condition=~Q(role="org_admin") | Q(engagement__isnull=True), name="membership_org_admin_org_wide"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class EngagementQuerySet(models.QuerySet):
    def listed(self) -> EngagementQuerySet:
        """Engagements shown to everyone on the home page."""
        return self.filter(visibility=Engagement.Visibility.PUBLIC)


class Engagement(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: listed on the home page")
        LINK = "link", _("Link only: anyone with the link can take part")
        PRIVATE = "private", _("Private: invited members only")

    class Languages(models.TextChoices):
        BOTH = "en+cy", _("English and Welsh")
        ENGLISH = "en", _("English only")
        WELSH = "cy", _("Welsh only")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="engagements")
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    # Translated through django-modeltranslation (title_en, title_cy, …): see translation.py.
    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(_("question"), max_length=300)
    brief = models.TextField(_("brief"), max_length=20_000, blank=True)
    # Boundaries: set early and in the open, shown to everyone.
    in_scope = models.TextField(_("in scope"), max_length=4000, blank=True)
    out_of_scope = models.TextField(_("out of scope"), max_length=4000, blank=True)
    fixed = models.TextField(_("what is fixed"), max_length=4000, blank=True)
    budget = models.TextField(_("budget"), max_length=2000, blank=True)
    who_decides = models.TextField(_("who decides"), max_length=2000, blank=True)
    timeline = models.TextField(_("timeline"), max_length=2000, blank=True)

    languages = models.CharField(
        _("languages offered"), max_length=8, choices=Languages.choices, default=Languages.BOTH
    )
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    access_key = models.CharField(max_length=40, default=new_access_key, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagements:detail", args=[self.slug])

    def get_join_url(self) -> str:
        return reverse("engagements:join_by_link", args=[self.access_key])

    @property
    def boundaries(self) -> list[tuple[str, str]]:
        """(heading, field name) for every boundary that has been written, in a fixed order: the page shows each
        field in the reader's language (`translated_lines`), marked when it falls back to the other."""
        items = [
            (_("In scope"), "in_scope"),
            (_("Out of scope"), "out_of_scope"),
            (_("What is fixed"), "fixed"),
            (_("Budget"), "budget"),
            (_("Who decides"), "who_decides"),
            (_("Timeline"), "timeline"),
        ]
        return [(heading, name) for heading, name in items if getattr(self, name)]

    def current_phases(self, today: dt.date | None = None) -> list[Phase]:
        today = today or timezone.localdate()
        # Uses the prefetched phases when the caller prefetched them.
        return [phase for phase in self.phases.all() if phase.is_current(today)]

    def enabled_features(self, today: dt.date | None = None) -> frozenset[str]:
        # Uses the prefetched phases when the caller prefetched them.
        return Phase.features_open(self.phases.all(), today or timezone.localdate())

    def feature_enabled(self, feature: str, today: dt.date | None = None) -> bool:
        return feature in self.enabled_features(today)

    def published_features(self, today: dt.date | None = None) -> frozenset[str]:
        """The features of every phase that has started, ended or not: what was published stays published (the
        common-ground results of a finished engagement), while taking part needs an open phase."""
        return Phase.features_started(self.phases.all(), today or timezone.localdate())

    @staticmethod
    def unique_slug(title: str) -> str:
        base = slugify(title)[:60] or "engagement"
        slug, n = base, 2
        while Engagement.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class Feature(models.TextChoices):
    STATEMENTS = "statements", _("Participants write statements")
    VOTING = "voting", _("Participants vote on statements")
    CONVERSATIONS = "conversations", _("One-to-one conversations")
    RESULTS = "results", _("Common ground results")
    PROPOSALS = "proposals", _("Proposals")
    COMMENTS = "comments", _("Comments on proposals")
    EXPERT_INPUT = "expert_input", _("Expert input")
    PRIORITISATION = "prioritisation", _("Prioritisation")
    DECISIONS = "decisions", _("Decisions")
    ACTIONS = "actions", _("Actions and updates")
    FEEDBACK = "feedback", _("Feedback on changes")


class Phase(models.Model):
    class Kind(models.TextChoices):
        LISTEN = "listen", _("Listen")
        COMMON_GROUND = "common_ground", _("Common ground")
        CODESIGN = "codesign", _("Co-design")
        PRIORITISE = "prioritise", _("Prioritise")
        DECIDE = "decide", _("Decide")
        DELIVER = "deliver", _("Deliver")
        REVIEW = "review", _("Review")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Follows its dates")
        OPEN = "open", _("Open now, whatever the dates")
        CLOSED = "closed", _("Closed, whatever the dates")

    DEFAULT_FEATURES = {
        Kind.LISTEN: [Feature.STATEMENTS, Feature.VOTING, Feature.CONVERSATIONS],
        Kind.COMMON_GROUND: [Feature.VOTING, Feature.RESULTS],
        Kind.CODESIGN: [Feature.RESULTS, Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT],
        Kind.PRIORITISE: [Feature.PRIORITISATION],
        Kind.DECIDE: [Feature.DECISIONS],
        Kind.DELIVER: [Feature.ACTIONS],
        Kind.REVIEW: [Feature.ACTIONS, Feature.FEEDBACK],
    }

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what happens in this phase"), max_length=2000, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    state = models.CharField(_("open or closed"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    features = models.JSONField(_("features switched on"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_on", "position", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must be the same as or after the start date.")})
        unknown = set(self.features) - set(Feature.values)
        if unknown:
            raise ValidationError({"features": _("Unknown feature.")})

    def is_current(self, today: dt.date) -> bool:
        if self.state == self.State.OPEN:
            return True
        if self.state == self.State.CLOSED:
            return False
        return self.starts_on <= today <= self.ends_on

    @staticmethod
    def features_open(phases, today: dt.date) -> frozenset[str]:
        """The features the current phases among `phases` switch on."""
        return frozenset(f for phase in phases if phase.is_current(today) for f in phase.features)

    def has_started(self, today: dt.date) -> bool:
        """Open now, or following its dates and its start date has come, ended or not. A phase staff closed does
        not count: closing is how they take its pages down, whatever the dates."""
        if self.state == self.State.CLOSED:
            return False
        return self.state == self.State.OPEN or self.starts_on <= today

    @staticmethod
    def features_started(phases, today: dt.date) -> frozenset[str]:
        return frozenset(f for phase in phases if phase.has_started(today) for f in phase.features)

    def feature_labels(self) -> list[str]:
        labels = dict(Feature.choices)
        return [labels[f] for f in self.features if f in labels]


class Perspective(models.Model):
    """A point of view that matters (patient, carer, staff): used to show agreement across them, never to weight."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="perspectives")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone taking part in one engagement, pseudonymous by default.

    A participant is per engagement, so that taking part in two engagements cannot be linked. The browser holds
    a signed token for it (see coproduce.engagements.participants); an account can later claim it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.SET_NULL, null=True, blank=True)
    # When the person agreed to the privacy notice; None until they have.
    consented_at = models.DateTimeField(null=True, blank=True)
    # Entered by a facilitator from a paper or phone response: counted, and marked as such in exports.
    is_assisted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user"], condition=Q(user__isnull=False), name="one_participant_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"participant {str(self.public_id)[:8]}"


class AuditEvent(models.Model):
    """What changed, who changed it and when: written by every action function, read by organisation admins.

    An event belongs to one scope, which says who reads it:

    - ``organisation``: the organisation's admins (``organisation`` set; ``engagement`` too when it is about one);
    - ``platform``: the platform's operators (``organisation`` empty), for what belongs to no organisation, such
      as a person erasing their own data across every engagement.

    - ``network``: the network's coordinators (``network`` set, ``organisation`` and ``engagement`` empty), for
      what happens in a network (coproduce.networks): membership, knowledge exchange. The foreign key names the
      networks app by its label only (no import): engagements still knows nothing of it but that it exists.

    Scope is a column rather than inferred from which key is set so that pages filter on one indexed field, and
    so that the constraint states the rule where the data lives.
    """

    class Scope(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        PLATFORM = "platform", _("platform")
        NETWORK = "network", _("network")

    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.ORGANISATION, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=60)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="organisation", organisation__isnull=False, network__isnull=True)
                    | Q(scope="platform", organisation__isnull=True, engagement__isnull=True, network__isnull=True)
                    | Q(scope="network", network__isnull=False, organisation__isnull=True, engagement__isnull=True)
                ),
                name="audit_event_scope_matches",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"
