"""Action functions of accounts: the only way a person's own details and preferences change.

No audit events: these are a person's own preferences, changed by that person (the audit trail is of staff
changes; tests/conventions_plugin.py names these actions and why). Accounts sits below engagements, which keeps
the audit log, so it could not write one anyway.
"""

from __future__ import annotations

from django.conf import settings

from coproduce.accounts.models import User


class UnknownLanguage(ValueError):
    """Not one of the site's languages (settings.LANGUAGES)."""


def do_update_profile(user: User, form) -> User:
    """Save the person's own profile form (their name, the language of pages and emails)."""
    return form.save()


def do_set_preferred_language(user: User, language: str) -> bool:
    """Remember the language the person chose with the language switch; True if it changed.

    Raises UnknownLanguage (nothing stored) for a language the site does not have."""
    if language not in dict(settings.LANGUAGES):
        raise UnknownLanguage(language)
    if user.preferred_language == language:
        return False
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return True
