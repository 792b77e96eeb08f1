"""Every page carries a Content-Security-Policy that allows no inline script (issue 13), and no template we serve
would be broken by it: no inline <script>, no on*= event handlers, no style attributes or <style> elements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from coproduce import settings as project_settings

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}

# (path, persona signed in or None): each answers 200 except the last.
PAGES = [
    ("/", None),
    ("/engagements/outpatients/", None),
    ("/engagements/outpatients/vote/", "taking part"),
    ("/engagements/outpatients/results/", "fran"),
    ("/staff/", "fran"),
    ("/api/", None),
    ("/api/v1/docs", None),
    ("/api/v1/openapi.json", None),
    ("/accounts/login/", None),
    ("/accounts/signup/", None),
    ("/no-such-page/", None),
]


def directives(header: str) -> dict[str, str]:
    parts = [part.strip().split(None, 1) for part in header.split(";") if part.strip()]
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.parametrize(("path", "persona"), PAGES)
def test_every_page_carries_the_policy(world, path, persona):
    client = Client()
    if persona == "taking part":
        client.post("/engagements/outpatients/take-part/", {"consent": "on"})
    elif persona:
        client.force_login(getattr(world, persona))
    response = client.get(path)
    assert response.status_code == (404 if path == "/no-such-page/" else 200), (path, response.status_code)
    assert "Content-Security-Policy" in response, f"{path} has no Content-Security-Policy"
    assert directives(response["Content-Security-Policy"]) == POLICY


def broken(request):
    raise RuntimeError("a bug")


# This module is also the URLconf of the next test: one page that fails, and the project's own 500 page.
urlpatterns = [path("broken/", broken)]
handler500 = "coproduce.core.views.server_error"


@pytest.mark.urls(__name__)
def test_the_server_error_page_carries_the_policy(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert directives(response["Content-Security-Policy"]) == POLICY


# --- The templates themselves ---

SOURCE = Path(project_settings.BASE_DIR)
TEMPLATE_DIRS = [SOURCE / "templates", *SOURCE.glob("*/templates")]
# Emails are read in mail programs, never under our policy; mail programs also ignore stylesheets.
NOT_SERVED = ("delivery/email/", "notifications/email/", "account/email/")
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# A data block (JSON read by a script file) is never executed, so the policy allows it.
DATA_BLOCK = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)
HANDLER = re.compile(r"""<[a-z][^>]*\s(on[a-z]+)\s*=""", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""<[a-z][^>]*\sstyle\s*=""", re.IGNORECASE | re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def served_templates() -> list[Path]:
    found = []
    for directory in TEMPLATE_DIRS:
        for file in directory.rglob("*.html"):
            relative = file.relative_to(directory).as_posix()
            if not relative.startswith(NOT_SERVED):
                found.append(file)
    return sorted(found)


def problems_in(source: str) -> list[str]:
    problems = []
    for match in SCRIPT.finditer(source):
        attributes = match.group(1)
        if "src=" not in attributes and not DATA_BLOCK.search(attributes):
            problems.append(f"inline <script>: {match.group(0)!r}")
    problems += [f"inline event handler {m.group(1)}=" for m in HANDLER.finditer(source)]
    problems += ["style attribute" for _ in STYLE_ATTRIBUTE.finditer(source)]
    problems += ["<style> element" for _ in STYLE_ELEMENT.finditer(source)]
    problems += ["javascript: URL" for _ in JAVASCRIPT_URL.finditer(source)]
    return problems


def test_the_scan_finds_what_the_policy_blocks():
    # The scan itself: each of these would be refused by the browser.
    for bad in (
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<p style="color: red">',
        "<style>p{}</style>",
        '<a href="javascript:go()">',
        '<body\n  onload="go()">',
    ):
        assert problems_in(bad), bad
    for good in (
        '<script src="/static/x.js" defer></script>',
        '<script type="application/json" id="s">{}</script>',
        '<p class="one">',
        '<button type="submit" name="online">',
        '<input data-on="x">',
    ):
        assert not problems_in(good), good


@pytest.mark.parametrize("template", served_templates(), ids=lambda path: path.relative_to(SOURCE).as_posix())
def test_no_template_relies_on_inline_script_or_style(template):
    problems = problems_in(template.read_text(encoding="utf-8"))
    assert not problems, f"{template.relative_to(SOURCE)}: {problems} (the Content-Security-Policy blocks these)"


def test_html_built_in_python_has_no_inline_script_or_style():
    # Views and helpers that build HTML themselves (SVG charts, Markdown) go through the same scan.
    offenders = {}
    for file in sorted(SOURCE.rglob("*.py")):
        # commonground's report is a file written by its command line, never served by us: it carries its own
        # policy in a <meta> element, which allows its one inline stylesheet.
        if "migrations" in file.parts or file.parts[-2:] == ("commonground", "report.py"):
            continue
        text = file.read_text(encoding="utf-8")
        found = [p for p in problems_in(text) if not p.startswith("javascript:")]
        if found:
            offenders[file.relative_to(SOURCE).as_posix()] = found
    assert not offenders, offenders
