"""Helpers for the browser tests: screenshots and axe-core checks."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
AXE_SCRIPT = Axe().axe_script  # axe-core as shipped with axe-playwright-python
# WCAG 2.2 level A and AA, and nothing else (no axe "best-practice" rules).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Every page's screenshot costs about a quarter of the suite's time: the accessibility tests take one only of a page
# with a problem, unless SCREENSHOTS=all (to look at every page at phone size).
SCREENSHOT_ALL = os.environ.get("SCREENSHOTS") == "all"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            lines.append(f"    target: {node['target']}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 A/AA rules on the page as it is now; return the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", options)


def assert_no_axe_violations(page, label: str = "") -> None:
    """Fail listing every violation's id, impact, help and targets."""
    violations = axe_violations(page)
    if violations:
        report = format_violations(violations)
        print(f"axe violations on {label or page.url}:\n{report}")
        pytest.fail(f"{len(violations)} axe violation(s) on {label or page.url}:\n{report}", pytrace=False)
