"""The personal-data registry: how each app exports and erases one person's data.

Each app that stores something about a person registers two functions in its ``AppConfig.ready()``::

    from coproduce.accounts import personal_data
    personal_data.register("conversations", export=export, erase=erase)

- ``export(person) -> dict``: what the app holds about the person, JSON-serialisable (strings, numbers,
  booleans, lists, dicts; dates as ISO strings). An app with nothing about this person returns ``{}``.
- ``erase(actor, person) -> dict[str, int]``: remove or unlink what identifies the person and return counts
  (never names or text: the counts go into the audit log). Contributions that others built on (statements
  voted on, proposals commented on) stay, unlinked from the person, so that anonymous counts still add up.
  ``actor`` is whoever asked (the person, or a staff member acting on a request): an app that keeps its own
  per-organisation audit trail (listening) writes it with them.

The registry lives here, in the lowest domain app, so that every app can register without importing the ones
above it; the apps know nothing of each other. The action functions that walk it, transactional and audited,
are ``do_export_personal_data`` and ``do_erase_personal_data`` in ``coproduce.engagements.actions``, where the
audit trail is written. The pages that let a person use them, "Download or delete my data" for a participant (by
their participant token) and for an account holder, are in ``coproduce.engagements.my_data``.

Erasers must rely only on the ids the ``Person`` captured when it was built, not on links an earlier eraser may
have removed (engagements unlinks participant records from the account; accounts anonymises the account).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured

from coproduce.accounts.models import User


@dataclass(frozen=True)
class Person:
    """Whose data: an account, and every participant record that is theirs (one per engagement they joined).

    A person without an account is one participant record (pseudonymous participation is per engagement, so
    nothing links it to any other record).
    """

    user_id: int | None
    participant_ids: frozenset[int]

    @classmethod
    def of_user(cls, user: User) -> Person:
        return cls(user_id=user.pk, participant_ids=frozenset(user.participations.values_list("pk", flat=True)))

    @classmethod
    def of_participant(cls, participant: Any) -> Person:
        """A participant record's person: the whole account when the record is claimed by one.

        Typed Any: Participant lives in engagements, above this app, which must not import it.
        """
        if participant.user_id is not None:
            return cls.of_user(participant.user)
        return cls(user_id=None, participant_ids=frozenset({participant.pk}))


Export = Callable[[Person], dict[str, Any]]
Erase = Callable[[Any, Person], dict[str, int]]


@dataclass(frozen=True)
class Handler:
    name: str
    export: Export
    erase: Erase


_registry: dict[str, Handler] = {}


def register(name: str, *, export: Export, erase: Erase) -> None:
    """Add an app's handlers. Registering the same name twice with other functions is a mistake worth failing on."""
    handler = Handler(name, export, erase)
    existing = _registry.get(name)
    if existing is not None and existing != handler:
        raise ImproperlyConfigured(f"Personal data handlers for {name!r} are registered twice.")
    _registry[name] = handler


def registered() -> tuple[Handler, ...]:
    """Handlers in registration order, which is INSTALLED_APPS order (each registers in its ready())."""
    return tuple(_registry.values())


def export_all(person: Person) -> dict[str, dict[str, Any]]:
    return {handler.name: handler.export(person) for handler in registered()}


def erase_all(actor: Any, person: Person) -> dict[str, dict[str, int]]:
    return {handler.name: handler.erase(actor, person) for handler in registered()}


def iso(value: dt.date | None) -> str | None:
    """Dates and datetimes in exports: ISO 8601, or None."""
    return value.isoformat() if value is not None else None


# -- accounts' own handlers ---------------------------------------------------------------------------------


def export_account(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {}
    user = User.objects.filter(pk=person.user_id).first()
    if user is None:
        return {}
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "account": {
            "email": user.email,
            "name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user_id=user.pk).order_by("pk")
        ],
        "two_factor_methods": sorted(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True)),
    }


def erase_account(actor: Any, person: Person) -> dict[str, int]:
    """Anonymise the account in place; ``delete_account_if_unreferenced`` then deletes it when nothing is left
    pointing at it (a participant's account, once the other erasers have run).

    Staff work records (moderation decisions, expert input, updates, audit events) point at the account; a
    deleted row would leave them pointing at nothing and an audit trail that no longer tells one actor from
    another. An account with no email, no name, no password and no sign-in methods identifies nobody. Setting an
    unusable password also ends every session of the account (Django checks the password hash on each request).
    """
    if person.user_id is None:
        return {}
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    addresses, _ = EmailAddress.objects.filter(user_id=person.user_id).delete()
    authenticators, _ = Authenticator.objects.filter(user_id=person.user_id).delete()
    accounts = User.objects.filter(pk=person.user_id).update(
        email=f"erased-{person.user_id}@erased.invalid",
        display_name="",
        preferred_language="",
        is_active=False,
        is_staff=False,
        is_superuser=False,
        password=make_password(None),
    )
    return {"accounts_anonymised": accounts, "email_addresses": addresses, "two_factor_methods": authenticators}


def delete_account_if_unreferenced(person: Person) -> bool:
    """Delete the (anonymised) account when no row anywhere still points at it; True if deleted.

    Run after every eraser (``coproduce.engagements.actions.do_erase_personal_data``): by then the roles, sign-in
    methods and participant links are gone, so an account that only took part is deleted, as its holder asked.
    An account something else still points at (moderation decisions, expert input, updates, audit events of staff
    work, an API key, admin history) stays anonymised in place, for the reason erase_account gives. Asks each
    relation once (a query each), whatever the apps are: a new app's foreign key is covered without a change here.
    """
    if person.user_id is None:
        return False
    for field in User._meta.get_fields(include_hidden=True):
        if not (field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)):
            continue
        if field.related_model._default_manager.filter(**{field.field.name: person.user_id}).exists():
            return False
    deleted, _ = User.objects.filter(pk=person.user_id).delete()
    return bool(deleted)
