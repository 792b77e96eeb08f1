"""Open Referral UK: the standard's own examples imported then exported give back what came in, the export is valid
against the standard's JSON Schemas, and a file with any error gets a clear message and changes nothing."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from coproduce.engagements.models import AuditEvent
from coproduce.signposting import oruk
from coproduce.signposting.actions import do_import_oruk
from coproduce.signposting.models import DirectoryOrganisation, Schedule, Service
from tests.signposting.conftest import example, schema


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


def exported_services():
    return [
        oruk.service_json(s, "en", with_organisation=True)
        for s in oruk.services_prefetched(Service.objects.order_by("pk"))
    ]


def test_a_service_round_trips_losing_nothing(world):
    data = example("service_full.json")
    do_import_oruk(world.alice, world.org, oruk.parse(copy.deepcopy(data)), "en")
    (exported,) = exported_services()
    assert exported == data
    validator("service.json").validate(exported)
    # And again: importing the export changes nothing.
    do_import_oruk(world.alice, world.org, oruk.parse(copy.deepcopy(exported)), "en")
    assert exported_services() == [data]


def test_an_organisation_with_its_services_round_trips_losing_nothing(world, client):
    data = example("organization_full.json")
    do_import_oruk(world.alice, world.org, oruk.parse(copy.deepcopy(data)), "en")
    downloaded = json.loads(client.get("/organisations/glas/services-oruk.json?lang=en").content)
    assert downloaded == [data]
    validator("organization.json").validate(downloaded[0])


def test_welsh_names_go_into_the_welsh_columns(world):
    data = example("service_full.json")
    data["name"] = "Cwnsela Cymunedol"
    do_import_oruk(world.alice, world.org, oruk.parse(data), "cy")
    service = Service.objects.get()
    assert (service.name_cy, service.name_en) == ("Cwnsela Cymunedol", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("name"), "name: is required"),
        (lambda d: d.update(status="open"), "status: must be one of: active, inactive, defunct, temporarily closed"),
        (lambda d: d["schedules"][0].update(id="not-a-uuid"), "schedules[0].id: must be a UUID"),
        (lambda d: d.update(minimum_age="twelve"), "minimum_age: must be a number"),
        (lambda d: d["service_at_locations"][0].pop("location"), "service_at_locations[0].location: is required"),
        (lambda d: d["organization"].pop("id"), "organization.id: is required"),
    ],
)
def test_invalid_oruk_gets_a_clear_message_and_changes_nothing(world, as_user, change, message):
    # One good service first, so that "changes nothing" has something to keep.
    do_import_oruk(world.alice, world.org, oruk.parse(example("service_full.json")), "en")
    before = (list(Service.objects.values_list("pk", "name_en")), Schedule.objects.count(), AuditEvent.objects.count())
    data = example("service_full.json")
    data["name"] = "Changed"
    change(data)
    client = as_user(world.alice)
    response = client.post("/staff/organisations/glas/directory/", {"text": json.dumps(data), "language": "en"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert message in page
    assert (
        list(Service.objects.values_list("pk", "name_en")),
        Schedule.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_not_json_is_refused(world, as_user):
    response = as_user(world.alice).post("/staff/organisations/glas/directory/", {"text": "{nope", "language": "en"})
    assert response.status_code == 400
    assert "This is not JSON" in response.content.decode()


def test_a_record_another_organisation_keeps_is_refused_whole(world, as_user):
    do_import_oruk(world.olly, world.other_org, oruk.parse(example("service_full.json")), "en")
    data = example("organization_full.json")
    response = as_user(world.alice).post(
        "/staff/organisations/glas/directory/", {"text": json.dumps(data), "language": "en"}
    )
    assert response.status_code == 400
    assert "another organisation" in response.content.decode()
    assert not DirectoryOrganisation.objects.filter(kept_by=world.org).exists()


def test_an_upload_is_imported_and_audited(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("services.json", json.dumps(example("organization_full.json")).encode())
    response = as_user(world.alice).post("/staff/organisations/glas/directory/", {"file": upload, "language": "en"})
    assert response.status_code == 302
    assert Service.objects.get().organisation.kept_by == world.org
    event = AuditEvent.objects.get(action="signposting.directory_imported")
    assert event.organisation == world.org and event.details["services"] == 1
