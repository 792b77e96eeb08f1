"""How much English is left on Welsh pages: crawl every page reachable from the home page, in Welsh, as each person.

Issue 15's measure: on the demo, the visible text that is not marked `lang="en"` (what participants wrote and no one
has translated yet may be) must be Welsh, with English words at most 2 % of it. A screen reader reads a Welsh page
with a Welsh voice unless a part says otherwise (WCAG 3.1.2), so English that is not marked is both a gap in the
Welsh and a page read wrongly.

Which words are English? The ones our own English texts use and our Welsh texts never do: the English side of the
catalogue (msgids) and of every translated field (`*_en`) against the Welsh side (msgstrs, `*_cy`) and Django's own
Welsh catalogue. Words in both (names, "staff", numbers) count as neither. The measure cannot invent English: a word
is counted only when it is in our English and not in our Welsh.

Run it on the demo: `make welsh-audit` (prints the figure and the pages with the most English); the test
`tests/core/test_welsh_pages.py` runs the same crawl in `make test`.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import django
import polib
from django.apps import apps
from django.conf import settings

import coproduce

PO_PATH = Path(coproduce.__file__).resolve().parent / "locale" / "cy" / "LC_MESSAGES" / "django.po"
DJANGO_CY = Path(django.__file__).resolve().parent / "conf" / "locale" / "cy" / "LC_MESSAGES" / "django.po"

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")
# Elements whose text no one sees or hears; and code (addresses, JSON keys, commands): technical terms, which WCAG
# 3.1.2 leaves out of the language of parts, in no human language.
SILENT = {"script", "style", "template", "noscript", "svg", "head", "title", "code", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Not pages: files, the admin, signing out, and what only machines read.
SKIP = re.compile(
    r"^/(admin|static|media|accounts/logout|api/v\d|healthz|i18n)|\.(csv|json|zip|ics|svg|xml|atom|txt|pdf|png)(\?|$)"
)
MAX_PAGES = 250  # a person's crawl stops here: enough for every kind of page on the demo
MAX_PER_PATH = 2  # `?page=2`, `?sort=` …: two queries of one path are enough to see its words


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def _catalogue_words(path: Path) -> tuple[set[str], set[str]]:
    english: set[str] = set()
    welsh: set[str] = set()
    if not path.exists():
        return english, welsh
    for entry in polib.pofile(str(path)):
        english.update(words(PLACEHOLDER.sub(" ", entry.msgid + " " + (entry.msgid_plural or ""))))
        welsh.update(words(PLACEHOLDER.sub(" ", entry.msgstr)))
        for form in entry.msgstr_plural.values():
            welsh.update(words(PLACEHOLDER.sub(" ", form)))
    return english, welsh


def vocabularies() -> tuple[set[str], set[str]]:
    """Our English words and our Welsh words: the catalogue's two sides and every translated field's two values."""
    from modeltranslation.translator import translator  # needs the settings: imported once Django is set up

    english, welsh = _catalogue_words(PO_PATH)
    _django_en, django_cy = _catalogue_words(DJANGO_CY)
    welsh |= django_cy
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).fields:
            for en, cy in model._default_manager.values_list(f"{name}_en", f"{name}_cy"):
                english.update(words(en or ""))
                welsh.update(words(cy or ""))
    return english, welsh


class _VisibleText(HTMLParser):
    """The text a reader meets on a page (and a screen reader says), less what is marked as English; the links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside a silent element, inside English)
        self.text: list[str] = []
        self.links: list[str] = []

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        silent, english = self._state()
        lang = attributes.get("lang", "").lower()
        if lang:
            english = lang.startswith("en")
        silent = silent or tag in SILENT
        if not (silent or english):
            # What a screen reader says besides the text: labels, alternatives, button values.
            self.text.append(attributes.get("aria-label", ""))
            if tag == "img":
                self.text.append(attributes.get("alt", ""))
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.text.append(attributes.get("value", ""))
        if tag not in VOID:
            self.stack.append((tag, silent, english))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        silent, english = self._state()
        if not (silent or english):
            self.text.append(data)


@dataclass
class Page:
    url: str
    who: str
    total: int
    english: Counter[str]


@dataclass
class Audit:
    pages: list[Page] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(page.total for page in self.pages)

    @property
    def english(self) -> int:
        return sum(sum(page.english.values()) for page in self.pages)

    @property
    def share(self) -> float:
        return self.english / self.total if self.total else 0.0

    def report(self, top: int = 15) -> str:
        lines = [
            f"{len(self.pages)} Welsh pages, {self.total} words not marked English, {self.english} of them English "
            f"({self.share:.1%})",
        ]
        worst = sorted(self.pages, key=lambda page: sum(page.english.values()), reverse=True)[:top]
        for page in worst:
            if page.english:
                common = ", ".join(word for word, _n in page.english.most_common(8))
                lines.append(
                    f"  {sum(page.english.values()):5d} of {page.total:5d}  {page.who:<12} {page.url}  ({common})"
                )
        return "\n".join(lines)


def crawl(client, who: str, english_words: set[str], start: str = "/") -> list[Page]:
    """Every page reachable from `start` by following links, in Welsh, as the client's person."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    seen: set[str] = set()
    per_path: Counter[str] = Counter()
    queue = deque([start])
    pages: list[Page] = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        if per_path[path] >= MAX_PER_PATH:
            continue
        per_path[path] += 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _VisibleText()
        parser.feed(response.content.decode())
        found = words(" ".join(parser.text))
        pages.append(Page(url, who, len(found), Counter(w for w in found if w in english_words)))
        for href in parser.links:
            href = urldefrag(href)[0]
            if href.startswith("/") and not href.startswith("//") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return pages


def audit(clients: dict[str, object]) -> Audit:
    """Crawl as each person (name → a logged-in or anonymous test client) and count the English."""
    english, welsh = vocabularies()
    english_only = english - welsh
    result = Audit()
    for who, client in clients.items():
        result.pages.extend(crawl(client, who, english_only))
    return result


def demo_clients() -> dict[str, object]:
    """Anonymous, and each demo person (signed in, preferring Welsh): the people the README names, one a role, not
    the crowd of accounts the demo makes to vote, choose and show interest (they see what a participant sees)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from coproduce.engagements.demo import DEMO_PEOPLE

    clients: dict[str, object] = {"anonymous": Client()}
    emails = [email for email, *_ in DEMO_PEOPLE]
    for user in get_user_model().objects.filter(email__in=emails).order_by("email"):
        client = Client()
        client.force_login(user)
        clients[user.email.split("@")[0]] = client
    return clients


def main() -> None:  # pragma: no cover - `make welsh-audit`
    import os
    import sys
    import tempfile

    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["COPRODUCE_VAR_DIR"] = tempfile.mkdtemp(prefix="welsh-audit-")
    os.environ["DATABASE_URL"] = ""
    django.setup()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    assert apps.ready
    result = audit(demo_clients())
    print(result.report(top=int(sys.argv[1]) if len(sys.argv) > 1 else 15))


if __name__ == "__main__":  # pragma: no cover
    main()
