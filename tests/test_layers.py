"""Lower apps never name a higher app's pages: what import-linter checks for imports, checked here for links.

An app knows the apps above it only through the registries they add themselves to
(`coproduce.engagements.registry`), so a template or a module of a lower app that names a higher app's URL, or loads
a higher app's template tags, is the same coupling as an import of it, hidden where import-linter cannot look. The
layers are the layers contract of pyproject.toml, so that this test and `lint-imports` read one order. The project's
frame (`src/coproduce/templates/`, `coproduce/urls.py`) is above every app and may name any of them.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from django.template.backends.django import get_installed_libraries
from django.urls import URLResolver, get_resolver

import coproduce
from tests.test_conventions import every_url_name

# The package the resolver and the template engine loaded, so that the files read are the code the maps describe.
SRC = Path(coproduce.__file__).resolve().parent
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def layers() -> dict[str, int]:
    """Each app of the layers contract -> its height (core 0); apps of one layer (`a | b`) share a height."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    heights: dict[str, int] = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for module in layer.split("|"):
            heights[module.strip().removeprefix("coproduce.")] = height
    return heights


def app_of_module(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "coproduce" and parts[1] in layers() else None


def namespace_owners() -> dict[str, str]:
    """Each URL namespace of ours -> the app whose urls module declares it.

    An include given as a module path belongs to that module's package; one given as patterns in coproduce/urls.py
    (core's, which also carries the home page) belongs to the app its app_name names. Libraries' namespaces (admin,
    allauth's) belong to no app of ours and are left out.
    """
    owners: dict[str, str] = {}

    def namespaces_in(resolver: URLResolver, prefix: str) -> Iterator[str]:
        if resolver.namespace:
            prefix = f"{prefix}{resolver.namespace}:"
            yield prefix.rstrip(":")
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from namespaces_in(pattern, prefix)

    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLResolver):
            continue
        if isinstance(pattern.urlconf_name, ModuleType):  # include("coproduce.<app>.urls") gives the module
            app = app_of_module(pattern.urlconf_name.__name__)
        else:
            app = pattern.app_name if pattern.app_name in layers() else None
        if app is None:
            continue
        for namespace in namespaces_in(pattern, ""):
            assert owners.get(namespace, app) == app, f"namespace {namespace!r} is declared by two apps"
            owners[namespace] = app
    return owners


def url_name_owners() -> dict[str, str]:
    """Every namespaced URL name of ours ("conversations:vote_page") -> the app it belongs to."""
    owners = namespace_owners()
    return {name: owners[name.rsplit(":", 1)[0]] for name in every_url_name() if name.rsplit(":", 1)[0] in owners}


def tag_library_owners() -> dict[str, str]:
    """Each `{% load %}` name of ours -> the app whose templatetags module defines it."""
    return {name: app for name, module in get_installed_libraries().items() if (app := app_of_module(module))}


def app_files(pattern: str) -> Iterator[tuple[str, Path]]:
    for app in layers():
        for path in sorted((SRC / app).rglob(pattern)):
            if path.is_file() and "migrations" not in path.parts:
                yield app, path


def templates() -> Iterator[tuple[str, Path]]:
    """Every template of every app: pages, partials, emails (any file under an app's templates/)."""
    for app, path in app_files("*"):
        if "templates" in path.relative_to(SRC / app).parts:
            yield app, path


QUOTED = re.compile(r"""(["'])([\w-]+(?::[\w-]+)+)\1""")
LOAD = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")


def python_strings(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a module that are not docstrings (a docstring may name a page to explain)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def higher(app: str, other: str) -> bool:
    """Whether `app` may not name `other`: other sits above it, or beside it in a layer of independent apps."""
    heights = layers()
    return other != app and heights[other] >= heights[app]


def links_up() -> list[str]:
    """Every place an app names a URL of an app above it (or beside it): in templates and in Python literals."""
    owners = url_name_owners()
    found = []
    for app, path in templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for _quote, name in QUOTED.findall(line):
                if name in owners and higher(app, owners[name]):
                    found.append(f"{path.relative_to(SRC)}:{number} ({app}) names {name} ({owners[name]})")
    for app, path in app_files("*.py"):
        for number, value in python_strings(path):
            if value in owners and higher(app, owners[value]):
                found.append(f"{path.relative_to(SRC)}:{number} ({app}) names {value} ({owners[value]})")
    return found


def loads_up() -> list[str]:
    """Every `{% load %}` in an app's template of a tag library of an app above it (or beside it)."""
    owners = tag_library_owners()
    found = []
    for app, path in templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for libraries in LOAD.findall(line):
                for library in libraries.split():
                    if library in owners and higher(app, owners[library]):
                        found.append(f"{path.relative_to(SRC)}:{number} ({app}) loads {library} ({owners[library]})")
    return found


def test_the_map_knows_every_app_and_namespace():
    """The checks below are only as good as the map: every app's namespaces and tag libraries are found."""
    apps = {path.parent.name for path in SRC.glob("*/apps.py")}
    assert apps <= set(layers()), f"apps missing from the layers contract of pyproject.toml: {apps - set(layers())}"
    owners = namespace_owners()
    assert owners["core"] == "core"
    assert owners["engagements"] == owners["staff"] == "engagements"
    assert owners["conversations"] == owners["conversations_staff"] == "conversations"
    assert owners["listening_staff"] == "listening"
    assert owners["proposals_staff"] == "proposals"
    assert owners["delivery"] == "delivery"
    assert owners["api_pages"] == owners["api_staff"] == owners["api-1"] == "api"
    assert owners["accounts"] == "accounts"
    assert "admin" not in owners
    assert url_name_owners()["conversations:vote_page"] == "conversations"
    assert tag_library_owners() == {
        "coproduce": "core",
        "engagements": "engagements",
        "proposals": "proposals",
        "delivery": "delivery",
        "translations": "translations",
    }
    assert higher("engagements", "conversations") and higher("listening", "proposals")
    assert not higher("delivery", "proposals") and not higher("conversations", "conversations")


def test_the_scans_find_links_and_loads_up_and_nothing_else(tmp_path, monkeypatch):
    """On a made-up tree: a link up, from a template or a module, and a link to an app beside, are found; a link
    down and a docstring's mention are not; nor is a load of a lower app's tags."""
    fake = tmp_path / "coproduce"
    files = {
        "engagements/templates/engagements/page.html": (
            "{% load i18n engagements delivery %}<a href=\"{% url 'conversations:vote_page' e.slug %}\">Vote</a>"
        ),
        "engagements/views.py": '"""Sends people to "conversations:results"."""\nx = reverse("conversations:results")\n',
        "delivery/templates/delivery/page.html": "{% load proposals %}{% url 'conversations:vote_page' slug %}",
        "listening/templates/listening/email/notice.txt": "{% url 'proposals:list' slug %}",
    }
    for name, text in files.items():
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr("tests.test_layers.SRC", fake)
    assert links_up() == [
        "engagements/templates/engagements/page.html:1 (engagements) names conversations:vote_page (conversations)",
        "listening/templates/listening/email/notice.txt:1 (listening) names proposals:list (proposals)",
        "engagements/views.py:2 (engagements) names conversations:results (conversations)",
    ]
    assert loads_up() == ["engagements/templates/engagements/page.html:1 (engagements) loads delivery (delivery)"]


def test_no_app_names_a_url_of_an_app_above_it():
    found = links_up()
    assert not found, (
        "A lower app names a higher app's page; let the higher app add its link through "
        "coproduce.engagements.registry (docs/adding-an-app.md):\n" + "\n".join(found)
    )


def test_no_app_loads_the_template_tags_of_an_app_above_it():
    found = loads_up()
    assert not found, (
        "A lower app's template loads a higher app's template tags; let the higher app add a section through "
        "coproduce.engagements.registry (docs/adding-an-app.md):\n" + "\n".join(found)
    )
