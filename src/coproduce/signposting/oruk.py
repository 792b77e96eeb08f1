"""Open Referral UK (the UK profile of HSDS 3) JSON: reading it, checking it, and writing it.

`parse` turns ORUK JSON (an organisation with its services, a service with its organisation embedded, a list of
either, or an ORUK API page whose `contents` are either) into plain records, or raises `Invalid` with every problem
found, each naming where it is ("services[0].status: …"). Nothing is written here: actions.do_import_oruk writes
what parse returned, in one transaction.

What the app models (names, descriptions, contact details, eligibility by age, hours, locations) goes into
columns; every other ORUK property of each object is kept as it came in `extra` and written back on export, so
that an export imported again, or an import exported again, loses nothing (tests/signposting/test_oruk.py, on the
standard's own examples). The official JSON Schemas validate our export in the tests; they are CC BY-SA and are not
shipped with the platform, so the checks below are the platform's own, for the properties it reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from coproduce.core.bilingual import resolve

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")

# The properties modelled in columns, per kind of object: name -> JSON type. Everything else goes to `extra`.
ORGANISATION_FIELDS = {"id": "uuid", "name": "string", "description": "string", "email": "string", "website": "string"}
SERVICE_FIELDS = {
    "id": "uuid",
    "name": "string",
    "description": "string",
    "url": "string",
    "email": "string",
    "status": "string",
    "fees": "string",
    "minimum_age": "number",
    "maximum_age": "number",
}
LOCATION_FIELDS = {"id": "uuid", "name": "string", "description": "string", "latitude": "number", "longitude": "number"}
CONTACT_FIELDS = {"id": "uuid", "name": "string", "title": "string", "email": "string"}
SCHEDULE_FIELDS = {
    "id": "uuid",
    "freq": "string",
    "byday": "string",
    "opens_at": "string",
    "closes_at": "string",
    "description": "string",
}
# The nested arrays read into rows of their own (the rest of a service's arrays stay in `extra`).
SERVICE_ARRAYS = ("schedules", "contacts", "service_at_locations")


class Invalid(Exception):
    """ORUK JSON that cannot be imported: `problems` names each thing wrong, with where it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Record:
    """One ORUK object: its modelled columns, the rest, and its children."""

    columns: dict[str, Any]
    extra: dict[str, Any]
    children: dict[str, list[Record]] = field(default_factory=dict)
    location: Record | None = None  # a service_at_location's location


@dataclass
class Parsed:
    """What an ORUK document holds: organisations, each with its services."""

    organisations: list[Record] = field(default_factory=list)
    services: dict[str, list[Record]] = field(default_factory=dict)  # organisation id -> its services


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def record(self, value: Any, where: str, fields: dict[str, str], required: tuple[str, ...]) -> Record | None:
        if not isinstance(value, dict):
            self.problem(where, _("must be an object ({…})"))
            return None
        for name in required:
            if value.get(name) in (None, ""):
                self.problem(_join(where, name), _("is required"))
        columns: dict[str, Any] = {}
        for name, kind in fields.items():
            if name not in value or value[name] is None:
                continue
            got = value[name]
            path = _join(where, name)
            if kind == "uuid":
                try:
                    columns[name] = uuid.UUID(str(got)) if isinstance(got, str) else None
                except ValueError:
                    columns[name] = None
                if columns[name] is None:
                    self.problem(path, _("must be a UUID, such as 3fa85f64-5717-4562-b3fc-2c963f66afa6"))
            elif kind == "number":
                if isinstance(got, bool) or not isinstance(got, (int, float)):
                    self.problem(path, _("must be a number"))
                else:
                    columns[name] = got
            elif not isinstance(got, str):
                self.problem(path, _("must be text"))
            else:
                columns[name] = got
        extra = {k: v for k, v in value.items() if k not in fields}
        return Record(columns, extra)

    def array(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, _("must be a list ([…])"))
            return []
        return value

    def service(self, value: Any, where: str) -> Record | None:
        record = self.record(value, where, SERVICE_FIELDS, ("id", "name", "status"))
        if record is None:
            return None
        status = record.columns.get("status")
        if status is not None and status not in SERVICE_STATUSES:
            self.problem(
                _join(where, "status"),
                _("must be one of: %(choices)s") % {"choices": ", ".join(SERVICE_STATUSES)},
            )
        for name, fields in (("schedules", SCHEDULE_FIELDS), ("contacts", CONTACT_FIELDS)):
            items = self.array(record.extra.pop(name, None), _join(where, name))
            record.children[name] = [
                r
                for i, item in enumerate(items)
                if (r := self.record(item, f"{where}.{name}[{i}]".lstrip("."), fields, ("id",)))
            ]
        places = []
        for i, item in enumerate(
            self.array(record.extra.pop("service_at_locations", None), _join(where, "service_at_locations"))
        ):
            path = f"{where}.service_at_locations[{i}]".lstrip(".")
            place = self.record(item, path, {"id": "uuid"}, ("id",))
            if place is None:
                continue
            location = place.extra.pop("location", None)
            if location is None:
                self.problem(_join(path, "location"), _("is required"))
                continue
            place.location = self.record(location, _join(path, "location"), LOCATION_FIELDS, ("id",))
            places.append(place)
        record.children["service_at_locations"] = places
        return record


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def parse(data: Any) -> Parsed:
    """ORUK JSON (already decoded) -> Parsed, or Invalid naming every problem."""
    checker = _Checker()
    parsed = Parsed()
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items, base = data["contents"], "contents"
    elif isinstance(data, list):
        items, base = data, ""
    elif isinstance(data, dict):
        items, base = [data], None
    else:
        raise Invalid([_("The file is not an ORUK organisation, service or list of them.")])
    if not items:
        raise Invalid([_("The file holds no organisation or service.")])
    organisations: dict[str, Record] = {}
    for i, item in enumerate(items):
        where = "" if base is None else f"{base}[{i}]"
        if isinstance(item, dict) and "organization" in item:
            # A service, with its organisation embedded.
            service = checker.service({k: v for k, v in item.items() if k != "organization"}, where)
            organisation = checker.record(
                item["organization"], _join(where, "organization"), ORGANISATION_FIELDS, ("id", "name")
            )
            if service is None or organisation is None or checker.problems:
                continue
            key = str(organisation.columns["id"])
            organisations.setdefault(key, organisation)
            parsed.services.setdefault(key, []).append(service)
        else:
            organisation = checker.record(item, where, ORGANISATION_FIELDS, ("id", "name"))
            if organisation is None:
                continue
            services = organisation.extra.pop("services", None)
            if "id" not in organisation.columns:
                continue
            key = str(organisation.columns["id"])
            organisations.setdefault(key, organisation)
            for j, value in enumerate(checker.array(services, _join(where, "services"))):
                service = checker.service(value, f"{where}.services[{j}]".lstrip("."))
                if service is not None:
                    parsed.services.setdefault(key, []).append(service)
    if checker.problems:
        raise Invalid(checker.problems)
    parsed.organisations = list(organisations.values())
    return parsed


# --- Writing ---


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _put(out: dict[str, Any], name: str, value: Any) -> None:
    if value not in (None, ""):
        out[name] = value


def _text(obj: Any, name: str, language: str | None) -> str:
    return resolve(obj, name, language)[0]


def organisation_json(organisation: Any, language: str | None = None, *, services: list | None = None) -> dict:
    """An ORUK organization; with `services` (each prefetched as service_json needs), those services in it."""
    out: dict[str, Any] = {"id": str(organisation.pk)}
    _put(out, "name", _text(organisation, "name", language))
    _put(out, "description", _text(organisation, "description", language))
    _put(out, "email", organisation.email)
    _put(out, "website", organisation.website)
    out.update(organisation.extra)
    if services is not None:
        out["services"] = [service_json(s, language) for s in services]
    return out


def service_json(service: Any, language: str | None = None, *, with_organisation: bool = False) -> dict:
    """An ORUK service, from a service with its schedules, contacts and service_at_locations__location prefetched."""
    out: dict[str, Any] = {"id": str(service.pk)}
    _put(out, "name", _text(service, "name", language))
    _put(out, "description", _text(service, "description", language))
    for name in ("url", "email", "status", "fees"):
        _put(out, name, getattr(service, name))
    _put(out, "minimum_age", _number(service.minimum_age))
    _put(out, "maximum_age", _number(service.maximum_age))
    out.update(service.extra)
    schedules = []
    for s in service.schedules.all():
        row: dict[str, Any] = {"id": str(s.pk)}
        for name in ("freq", "byday", "opens_at", "closes_at", "description"):
            _put(row, name, getattr(s, name))
        schedules.append({**row, **s.extra})
    contacts = []
    for c in service.contacts.all():
        row = {"id": str(c.pk)}
        for name in ("name", "title", "email"):
            _put(row, name, getattr(c, name))
        contacts.append({**row, **c.extra})
    places = []
    for p in service.service_at_locations.all():
        location = p.location
        loc: dict[str, Any] = {"id": str(location.pk)}
        for name in ("name", "description"):
            _put(loc, name, getattr(location, name))
        _put(loc, "latitude", _number(location.latitude))
        _put(loc, "longitude", _number(location.longitude))
        places.append({"id": str(p.pk), **p.extra, "location": {**loc, **location.extra}})
    # Arrays only when there is something in them, as the other properties: an export adds no empty keys.
    for name, rows in (("schedules", schedules), ("contacts", contacts), ("service_at_locations", places)):
        if rows:
            out[name] = rows
    if with_organisation:
        out["organization"] = organisation_json(service.organisation, language)
    return out


def services_prefetched(queryset):
    """What service_json reads, in a fixed number of queries."""
    return queryset.select_related("organisation").prefetch_related(
        "schedules", "contacts", "service_at_locations__location"
    )
