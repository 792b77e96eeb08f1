"""Confidential notes stay in the listening pages: nothing of this app is served elsewhere (the API, exports and
the Django admin are other people's work, so this guards that nothing of ours registers in them)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

import coproduce

TEMPLATES = Path(coproduce.__file__).resolve().parent / "templates"


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def test_listening_views_are_served_only_in_listening_namespaces():
    for namespace, pattern in walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("coproduce.listening"):
            assert namespace in {"listening", "listening_staff"}, pattern
        else:
            # No other view (an API router, an export) imports the listening models to serve them.
            assert namespace not in {"listening", "listening_staff"}, pattern


def test_no_listening_model_in_the_admin():
    from django.apps import apps

    models = set(apps.get_app_config("listening").get_models())
    assert len(models) == 6
    assert not models & set(admin.site._registry)


def test_notes_are_rendered_by_one_template_only():
    """The notes of a conversation appear on the conversation page and nowhere else."""
    users = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html") if ".notes" in path.read_text())
    assert users == ["listening/conversation.html"]


def test_no_other_app_imports_the_listening_models():
    package = Path(coproduce.__file__).resolve().parent
    importers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "listening" not in path.parts and "coproduce.listening" in path.read_text()
    )
    assert importers == ["settings.py", "urls.py"], "only the settings and the root URLs may name the listening app"
