"""System checks of our own, run by `coproduce check` (the deploy ones by `check --deploy`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    """Rate limits count in the cache: with a cache in each process, each process counts alone.

    Production runs several web processes (granian --workers, more than one server), so a writer would get the
    limit once per process, and the analysis debounce would not be shared either.
    """
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process (REDIS_URL is not set): every web process counts rate limits on its own.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every web process shares one cache.",
            id="coproduce.W002",  # W001 is the static files manifest check (tests/core/test_static_manifest.py)
        )
    ]


@register(Tags.staticfiles, deploy=True)
def static_manifest(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    """Without collectstatic's manifest, pages still work (coproduce.core.storage links plain file names), but
    browsers cannot cache the files for long and a release's changed files may be served stale: say so."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    missing = getattr(staticfiles_storage, "manifest_missing", None)
    if missing is None or not missing():
        return []
    return [
        Warning(
            f"No static files manifest in STATIC_ROOT ({settings.STATIC_ROOT}): pages link the files by their plain names.",
            hint="Run `coproduce collectstatic --noinput` after each install or upgrade, before starting the web processes.",
            id="coproduce.W001",
        )
    ]


@register(deploy=True)
def service_contact(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    """The accessibility statement and the privacy notice must say who runs the service and how to reach them
    (the Public Sector Bodies Accessibility Regulations 2018; UK GDPR articles 13 and 14)."""
    if settings.SERVICE_CONTACT_EMAIL and settings.SERVICE_OPERATOR:
        return []
    return [
        Warning(
            "SERVICE_OPERATOR or SERVICE_CONTACT_EMAIL is not set: the accessibility statement and the privacy notice "
            "cannot say who runs the service or how to reach them.",
            hint="Set SERVICE_OPERATOR (e.g. 'Glas Valley University Health Board') and SERVICE_CONTACT_EMAIL.",
            id="coproduce.W003",
        )
    ]
