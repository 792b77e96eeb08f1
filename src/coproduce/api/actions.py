"""Every change the API's staff pages make: API keys and the open data licence. Each writes the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.api.models import ApiKey
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Organisation


@transaction.atomic
def do_create_api_key(actor, organisation: Organisation, *, name: str, scope: str) -> tuple[ApiKey, str]:
    """A new key and its secret; the secret is returned once and stored only as a hash."""
    key, secret = ApiKey.new(organisation, name, scope, actor)
    audit(actor, organisation, "api_key.created", key=key.pk, prefix=key.prefix, scope=key.scope)
    return key, secret


@transaction.atomic
def do_revoke_api_key(actor, key: ApiKey) -> bool:
    """Revoke a key at once; False (and nothing written) if it was already revoked."""
    if not ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        return False
    audit(actor, key.organisation, "api_key.revoked", key=key.pk, prefix=key.prefix)
    return True


@transaction.atomic
def do_change_licence(actor, organisation: Organisation, licence: str) -> bool:
    """Set the licence of the organisation's open data; False (and nothing written) if it is unchanged."""
    before = organisation.licence
    if licence == before:
        return False
    organisation.licence = licence
    organisation.save(update_fields=["licence"])
    audit(actor, organisation, "organisation.licence_changed", before=before, after=licence)
    return True
