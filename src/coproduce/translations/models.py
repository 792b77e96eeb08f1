"""Human translations of what participants write, kept beside the words as written.

What a participant writes stays in the language they wrote it in (the source object records that language); a
translation into the other language is proposed by one person and confirmed by another before anyone reads it.
Per (object, field, language) at most one confirmed translation (what readers see) and at most one open one (a
proposal waiting for review, or the last one rejected): a correction of a confirmed translation is proposed and
confirmed like the first, and the translation it replaces is kept, marked replaced, as the history. Staff who write both languages themselves (a seed statement in English and Welsh) make an original and a
translation confirmed at once, marked `by_author`: the organisation's own words, not a stranger's translation.

Generic (contenttypes) on purpose: statements now, comments, offers and pitches later, with one queue, one
template tag and one export. The apps that use it add a GenericRelation to their model (so that deleting the
source deletes its translations) and register a kind (coproduce.translations.registry).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The languages people write in. Named in the reader's language ("Saesneg" on a Welsh page), so that no label
#: is in the other language without a lang attribute.
LANGUAGE_CHOICES = [("en", _("English")), ("cy", _("Welsh"))]
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGE_CHOICES)


def other_language(language: str) -> str:
    return "cy" if language == "en" else "en"


class Translation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for a second person to confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected: needs a new translation")
        REPLACED = "replaced", _("Replaced by a correction")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=40)
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    # Checked against the source field's max_length by the actions (a statement's translation fits where it does).
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The staff member who wrote the original wrote this version too: confirmed with no second person.
    by_author = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # Who confirmed or rejected it, and when.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                condition=Q(status="confirmed"),
                name="translation_one_confirmed",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                condition=Q(status__in=["proposed", "rejected"]),
                name="translation_one_open",
            ),
            # A second person confirms: never the one who proposed it (unless they wrote the original too).
            models.CheckConstraint(
                condition=Q(by_author=True)
                | Q(reviewed_by__isnull=True)
                | Q(proposed_by__isnull=True)
                | ~Q(reviewed_by=F("proposed_by")),
                name="translation_reviewed_by_another",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(reviewed_at__isnull=False), name="translation_review_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field} [{self.language}] {self.status}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
