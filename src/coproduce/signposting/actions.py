"""Action functions: the only way the directory and signposting change. Each is transactional and writes its audit
event (ids and counts, never names): imports in the keeping organisation's log, signposting in the engagement's."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.community.models import Asset
from coproduce.core.bilingual import LANGUAGES
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Organisation
from coproduce.listening.models import ListeningConversation
from coproduce.signposting import oruk
from coproduce.signposting.models import (
    Contact,
    DirectoryOrganisation,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Signposting,
)


class KeptByAnother(oruk.Invalid):
    """An id in the file belongs to a record another organisation keeps: it is theirs to change."""


def _texts(columns: dict, language: str) -> dict:
    """The translated columns of a record, in the import's language (the other language is left as it was)."""
    out = {}
    for name in ("name", "description"):
        if name in columns:
            out[f"{name}_{language}"] = columns.pop(name)
    return out


@transaction.atomic
def do_import_oruk(actor, kept_by: Organisation, parsed: oruk.Parsed, language: str = "en") -> dict[str, int]:
    """Write what oruk.parse read: organisations and services upserted by their ORUK id, each service's schedules,
    contacts and locations replaced by the file's. All or nothing: any refusal rolls the whole file back."""
    if language not in LANGUAGES:
        raise ValueError(language)
    ids = [r.columns["id"] for r in parsed.organisations]
    service_ids = [s.columns["id"] for services in parsed.services.values() for s in services]
    taken = DirectoryOrganisation.objects.filter(pk__in=ids).exclude(kept_by=kept_by).values_list("pk", flat=True)
    taken_services = (
        Service.objects.filter(pk__in=service_ids).exclude(organisation__kept_by=kept_by).values_list("pk", flat=True)
    )
    if taken or taken_services:
        raise KeptByAnother(
            [f"{pk}: kept in the directory by another organisation" for pk in [*taken, *taken_services]]
        )
    counts = {"organisations": 0, "services": 0, "locations": 0}
    for record in parsed.organisations:
        columns = dict(record.columns)
        pk = columns.pop("id")
        organisation, _created = DirectoryOrganisation.objects.update_or_create(
            pk=pk,
            defaults={
                "kept_by": kept_by,
                "email": columns.pop("email", ""),
                "website": columns.pop("website", ""),
                "extra": record.extra,
                **_texts(columns, language),
            },
        )
        counts["organisations"] += 1
        for service_record in parsed.services.get(str(pk), []):
            _write_service(organisation, service_record, language, counts)
    audit(actor, kept_by, "signposting.directory_imported", None, **counts)
    return counts


def _write_service(organisation: DirectoryOrganisation, record: oruk.Record, language: str, counts: dict) -> None:
    columns = dict(record.columns)
    pk = columns.pop("id")
    defaults = {
        "organisation": organisation,
        "extra": record.extra,
        "url": columns.pop("url", ""),
        "email": columns.pop("email", ""),
        "status": columns.pop("status", "active"),
        "fees": columns.pop("fees", ""),
        "minimum_age": columns.pop("minimum_age", None),
        "maximum_age": columns.pop("maximum_age", None),
        **_texts(columns, language),
    }
    service, _created = Service.objects.update_or_create(pk=pk, defaults=defaults)
    counts["services"] += 1
    Schedule.objects.filter(service=service).delete()
    Contact.objects.filter(service=service).delete()
    ServiceAtLocation.objects.filter(service=service).delete()
    Schedule.objects.bulk_create(
        Schedule(service=service, position=i, extra=r.extra, **{"id": r.columns["id"], **_strings(r.columns)})
        for i, r in enumerate(record.children["schedules"])
    )
    Contact.objects.bulk_create(
        Contact(service=service, position=i, extra=r.extra, **{"id": r.columns["id"], **_strings(r.columns)})
        for i, r in enumerate(record.children["contacts"])
    )
    for i, place in enumerate(record.children["service_at_locations"]):
        location_record = place.location
        assert location_record is not None  # parse refuses a place without one
        columns = dict(location_record.columns)
        location, _created = Location.objects.update_or_create(
            pk=columns.pop("id"), defaults={"extra": location_record.extra, "name": "", "description": "", **columns}
        )
        counts["locations"] += 1
        ServiceAtLocation.objects.create(
            id=place.columns["id"], service=service, location=location, position=i, extra=place.extra
        )


def _strings(columns: dict) -> dict:
    return {k: v for k, v in columns.items() if k != "id"}


class NoConsent(Exception):
    """The conversation cannot be the start of a signposting: consent withdrawn, or the person erased."""


@transaction.atomic
def do_signpost(actor, conversation: ListeningConversation, target: Service | Asset, shared_with: str) -> Signposting:
    """Point the person of a one-to-one conversation to a service or an asset, with their consent (the form's
    checkbox)."""
    if conversation.notes_hidden:
        raise NoConsent
    is_asset = isinstance(target, Asset)
    record = Signposting.objects.create(
        engagement=conversation.engagement,
        conversation=conversation,
        participant_id=conversation.participant_id,
        service=None if is_asset else target,
        asset=target if is_asset else None,
        author=actor,
        shared_with=shared_with,
        consent_given_at=timezone.now(),
    )
    audit(
        actor,
        conversation.engagement.organisation,
        "signposting.signposted",
        conversation.engagement,
        signposting=record.pk,
        conversation=conversation.pk,
        **({"asset": target.pk} if is_asset else {"service": str(target.pk)}),
    )
    return record


@transaction.atomic
def do_record_outcome(actor, record: Signposting, outcome: str) -> None:
    record.outcome = outcome
    record.outcome_recorded_at = timezone.now()
    record.save(update_fields=["outcome", "outcome_recorded_at"])
    audit(
        actor,
        record.engagement.organisation,
        "signposting.outcome_recorded",
        record.engagement,
        signposting=record.pk,
        outcome=outcome,
    )


@transaction.atomic
def do_erase_person(actor, participant_ids) -> int:
    """A person's erasure: their signposting records lose every link to them (conversation and participant), and
    stay as counts of where people were signposted and what came of it."""
    rows = Signposting.objects.filter(participant_id__in=participant_ids, erased_at__isnull=True)
    engagements = {e: o for e, o in rows.values_list("engagement_id", "engagement__organisation_id")}
    erased = rows.update(conversation=None, participant=None, erased_at=timezone.now())
    if erased:
        organisations = Organisation.objects.in_bulk(set(engagements.values()))
        for organisation in organisations.values():
            audit(actor, organisation, "signposting.person_erased", records=erased)
    return erased
