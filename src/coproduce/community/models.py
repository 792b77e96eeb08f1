"""The community's strengths: assets, the themes they are found by, and where the co-production cycle draws on them.

Co-production begins "with the strengths that are present in our workforces and communities". An asset is one
such strength, in the six kinds asset-based community development uses. An organisation keeps its asset map;
staff add assets, and people offer their own strengths (a skill, a group they run), which a facilitator publishes
or declines with a reason. A person's offer keeps its language, as any participant's text (the translated field's
other language stays empty until staff add it), and the person chooses whether their skill may be shown to
everyone, and whether it may go into open data.

Privacy of place: a sensitive asset (a refuge, a support group that meets in a home) shows only its postcode
district, never its place name, how to reach it or its coordinates, to anyone outside the organisation's staff.
A person's offer never has coordinates (the offer form does not ask for them).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagements.models import Engagement, Organisation
from coproduce.proposals.models import Proposal

#: A UK postcode's outward code (the district: "CF10", "SA1", "SW1A", "LL57"); the area is its letters.
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_district(value: str) -> str:
    return "".join((value or "").split()).upper()


def validate_postcode_district(value: str) -> None:
    if not OUTWARD_CODE.match(value or ""):
        raise ValidationError(_("Enter the first part of a UK postcode, like CF10 or SA1"), code="postcode_district")


def area_of(district: str) -> str:
    """The postcode area: the letters of the district ("CF" of "CF10")."""
    match = re.match(r"[A-Z]+", district or "")
    return match.group(0) if match else ""


class AssetTheme(models.Model):
    """What an asset is about ("Health and wellbeing", "Young people"): the map's theme filter."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("theme"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class AssetQuerySet(models.QuerySet):
    def published(self) -> AssetQuerySet:
        return self.filter(status=Asset.Status.PUBLISHED)

    def open_data(self) -> AssetQuerySet:
        """What the API and open data publish: published, public, and a person's own skill only if they opted in."""
        return (
            self.published()
            .filter(visibility=Asset.Visibility.PUBLIC)
            .filter(Q(holder_user__isnull=True) | Q(open_data=True))
        )


class Asset(models.Model):
    """A strength a person, group, place or service brings, kept in an organisation's asset map."""

    class Kind(models.TextChoices):
        SKILLS = "skills", _("People’s skills and gifts")
        ASSOCIATIONS = "associations", _("Associations and groups")
        ORGANISATIONS = "organisations", _("Organisations and services")
        PLACES = "places", _("Physical places")
        ECONOMIC = "economic", _("Economic")
        CULTURAL = "cultural", _("Cultural")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        STAFF = "staff", _("The organisation’s staff")
        PRIVATE = "private", _("Private: the organisation’s facilitators and admins")

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered, waiting for a facilitator")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind of strength"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # Who holds or offers it: a group or organisation named by staff, or a person who offered it themselves (their
    # account, and the name they chose to be shown by, which may be a pseudonym); it goes with their account.
    held_by = models.CharField(_("held or offered by"), max_length=200, blank=True)
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="offered_assets"
    )
    holder_name = models.CharField(_("the name to show"), max_length=80, blank=True)
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    postcode_district = models.CharField(
        _("postcode district"), max_length=4, validators=[validate_postcode_district], db_index=True
    )
    postcode_area = models.CharField(max_length=2, db_index=True, editable=False)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    how_to_reach = models.CharField(_("how to reach it"), max_length=500, blank=True)
    availability = models.CharField(_("when it is available"), max_length=300, blank=True)
    themes = models.ManyToManyField(AssetTheme, blank=True, related_name="assets", verbose_name=_("themes"))
    visibility = models.CharField(_("who can see it"), max_length=8, choices=Visibility.choices)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # A person's own skill: whether they agreed to it being shown to everyone, and to it going into open data.
    consent_public = models.BooleanField(_("may be shown to everyone"), default=False)
    open_data = models.BooleanField(_("may be published as open data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "visibility"], name="asset_status_visibility")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="asset_both_coordinates_or_none",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="asset_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="asset_longitude_range",
            ),
            # A person's own strength is shown to everyone only with their consent.
            models.CheckConstraint(
                condition=Q(holder_user__isnull=True) | ~Q(visibility="public") | Q(consent_public=True),
                name="asset_person_public_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["skills", "associations", "organisations", "places", "economic", "cultural"]),
                name="asset_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("community:asset", args=[self.pk])

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_persons(self) -> bool:
        """Offered by a person about themselves (their account holds it, and it goes when they erase their data)."""
        return self.holder_user_id is not None


#: The texts staff write for an asset, in English and Welsh (the Welsh-language compliance pages check these).
TEXT_FIELDS_STAFF_WRITE = ("name", "description", "held_by", "place_name", "how_to_reach", "availability")


class EngagementAsset(models.Model):
    """An asset an engagement can draw on, chosen by its facilitators at set-up: strengths first."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="engagement_assets")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="engagement_links")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asset__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["engagement", "asset"], name="engagement_asset_once")]


class ProposalAsset(models.Model):
    """An asset a proposal would use: cited as a statement is, and shown along the golden thread."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="asset_citations")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="proposal_links")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asset__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "asset"], name="proposal_asset_once")]


class ProposedQuestion(models.Model):
    """Communities set agendas too: a question that matters to people, proposed to an organisation as a new
    engagement. Others support it; the organisation answers in public: taken up (linked to the engagement it
    started) or declined with its reason. The question keeps the language it was written in (`language`)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the organisation’s answer")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="proposed_questions")
    question = models.CharField(_("the question"), max_length=300)
    why = models.TextField(_("why it matters"), max_length=2000, blank=True)
    language = models.CharField(max_length=2, default="en")
    # Who proposed it: unlinked (and the name cleared) when they erase their data; the question others supported stays.
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposed_questions"
    )
    proposer_name = models.CharField(_("the name to show"), max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    response = models.TextField(_("the organisation’s answer"), max_length=2000, blank=True)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposed_by_community"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="taken_up") | Q(engagement__isnull=False), name="question_taken_up_has_engagement"
            )
        ]

    def __str__(self) -> str:
        return self.question


class QuestionSupport(models.Model):
    """One person's support for a proposed question (once each)."""

    question = models.ForeignKey(ProposedQuestion, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="question_support_once")]
