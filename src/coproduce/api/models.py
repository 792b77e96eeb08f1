"""Organisation API keys (shown once, stored hashed, scoped read or write, revocable, with their last use), and the
finished builds of each engagement's open data (api/builds.py)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.models import Conversation
from coproduce.engagements.models import Organisation

KEY_PREFIX = "cpk_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8  # "cpk_" and 8 hex digits


def hash_key(key: str) -> str:
    # The secret part is 32 random bytes, so a fast hash is enough: nobody can guess their way back from it, and
    # checking a key costs one indexed lookup and one SHA-256 on every request (a slow password hash would not).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read: engagements, statements, results and open data")
        WRITE = "write", _("Read and write: also enrol participants and add seed statements")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, for example “Research dashboard”.")
    )
    scope = models.CharField(_("what it may do"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # The first characters of the key, shown in lists so that people can tell keys apart; not secret.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE and self.is_active

    @classmethod
    def new(cls, organisation: Organisation, name: str, scope: str, created_by) -> tuple[ApiKey, str]:
        """Make a key; return it with the full secret, which is never stored and cannot be shown again."""
        prefix = KEY_PREFIX + secrets.token_hex(4)
        secret = f"{prefix}_{secrets.token_urlsafe(32)}"
        key = cls.objects.create(
            organisation=organisation,
            name=name,
            scope=scope,
            prefix=prefix,
            hashed=hash_key(secret),
            created_by=created_by if created_by is not None and created_by.is_authenticated else None,
        )
        return key, secret

    @classmethod
    def find(cls, secret: str) -> ApiKey | None:
        """The active key with this secret, or None (unknown, malformed or revoked)."""
        prefix = secret[:PREFIX_LENGTH]
        if not prefix.startswith(KEY_PREFIX) or secret[PREFIX_LENGTH : PREFIX_LENGTH + 1] != "_":
            return None
        key = cls.objects.select_related("organisation").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.hashed, hash_key(secret)) or not key.is_active:
            return None
        return key


class OpenDataBuild(models.Model):
    """One finished build of a conversation's open data: its files are in the "opendata" storage under
    `<conversation id>/<version>/`, written before this row is; the newest row is what requests serve."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="open_data_builds")
    #: The data's version: a SHA-256 of the published data (every file but the two build timestamps), so that a
    #: rebuild of unchanged data keeps the files, their ETags and their Last-Modified.
    version = models.CharField(max_length=64)
    #: {download name: {"sha256": hex digest (the ETag), "bytes": size}}
    files = models.JSONField(default=dict)
    built_at = models.DateTimeField(default=timezone.now)
    #: When the data was last read for it (a rebuild that found nothing changed moves it on): changes asked for
    #: after this are not in it.
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_at", "-pk"]
        indexes = [models.Index(fields=["conversation", "-built_at"], name="api_opendata_latest")]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.version[:12]}"

    def path(self, name: str) -> str:
        return f"{self.conversation_id}/{self.version}/{name}"
