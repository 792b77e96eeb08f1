"""The Welsh catalogue is complete, keeps every placeholder, and the committed .mo matches the .po.

Acceptance: `msgfmt --check --statistics` on the Welsh catalogue reports 0 untranslated and 0 fuzzy.
Welsh must be treated no less favourably than English, so a missing or broken translation is a failure.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest

import coproduce

PACKAGE = Path(coproduce.__file__).resolve().parent
LC_MESSAGES = PACKAGE / "locale" / "cy" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
# The project's templates and each app's own (templates live with their app).
TEMPLATE_DIRS = [PACKAGE / "templates", *(d for d in PACKAGE.glob("*/templates") if d.parent.name != "commonground")]
ALLAUTH_STRINGS = PACKAGE / "accounts" / "allauth_strings.py"

# CLDR's six Welsh plural categories: zero, one, two, few (3), many (6), other.
WELSH_PLURAL_FORMS = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"

# %(name)s, %(name)d, %s, %d, %.2f …; "%%" is a literal percent sign.
PERCENT_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
NAMED_PERCENT = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(?P<field>[^{}]*)\}(?!\})")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({where})"


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str, flags: list[str]) -> Counter:
    """The format placeholders a message uses: named ones always, positional and brace ones when flagged."""
    found: Counter = Counter()
    if "python-format" in flags:
        for match in PERCENT_FORMAT.finditer(text):
            if match.group("type") != "%":
                found[
                    match.group(0) if match.group("name") is None else f"%({match.group('name')}){match.group('type')}"
                ] += 1
    else:
        found.update(NAMED_PERCENT.findall(text))
    if "python-brace-format" in flags:
        found.update("{" + field + "}" for field in BRACE_FORMAT.findall(text))
    return found


def test_catalogue_exists_and_is_welsh(catalogue):
    assert catalogue.metadata.get("Language") == "cy"
    assert catalogue.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"
    assert len(entries(catalogue)) > 300


def test_plural_forms_header_is_welsh(catalogue):
    assert " ".join(catalogue.metadata["Plural-Forms"].split()) == WELSH_PLURAL_FORMS


def test_no_untranslated_entries(catalogue):
    missing = [label(entry) for entry in entries(catalogue) if not all(translations(entry))]
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_no_fuzzy_entries(catalogue):
    fuzzy = [label(entry) for entry in entries(catalogue) if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_plural_entries_have_every_form(catalogue):
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    wrong = [
        f"{label(entry)}: forms {sorted(entry.msgstr_plural)}"
        for entry in entries(catalogue)
        if entry.msgid_plural and (sorted(entry.msgstr_plural) != list(range(nplurals)) or not all(translations(entry)))
    ]
    assert not wrong, f"plural entries need all {nplurals} forms:\n" + "\n".join(wrong)


def test_translations_keep_every_placeholder(catalogue):
    wrong = []
    for entry in entries(catalogue):
        expected = placeholders(entry.msgid, entry.flags)
        if entry.msgid_plural:
            expected = expected | placeholders(entry.msgid_plural, entry.flags)
        for index, text in enumerate(translations(entry)):
            got = placeholders(text, entry.flags)
            if set(got) != set(expected):
                wrong.append(f"{label(entry)} form {index}: expected {sorted(expected)}, got {sorted(got)}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_translations_keep_html_tags(catalogue):
    wrong = []
    for entry in entries(catalogue):
        expected = Counter(tag.lower() for tag in HTML_TAG.findall(entry.msgid))
        for index, text in enumerate(translations(entry)):
            got = Counter(tag.lower() for tag in HTML_TAG.findall(text))
            if got != expected:
                wrong.append(f"{label(entry)} form {index}: expected tags {dict(expected)}, got {dict(got)}")
    assert not wrong, "HTML tags differ:\n" + "\n".join(wrong)


def test_translations_keep_leading_and_trailing_newlines(catalogue):
    # msgfmt --check requires this; a lost newline also breaks the layout of plain-text emails.
    wrong = [
        label(entry)
        for entry in entries(catalogue)
        for text in translations(entry)
        if text
        and (entry.msgid.startswith("\n") != text.startswith("\n") or entry.msgid.endswith("\n") != text.endswith("\n"))
    ]
    assert not wrong, "\n".join(wrong)


def test_committed_mo_matches_the_po(catalogue):
    """Compile the .po in memory and compare what gettext (and so Django) reads with the committed .mo."""
    assert MO_PATH.exists(), "run `make messages` and commit locale/cy/LC_MESSAGES/django.mo"
    compiled = gettext.GNUTranslations(io.BytesIO(catalogue.to_binary()))
    with MO_PATH.open("rb") as mo_file:
        committed = gettext.GNUTranslations(mo_file)
    # The "" entry is the header; its POT-Creation-Date may differ without changing any translation.
    expected = {key: value for key, value in compiled._catalog.items() if key != ""}
    actual = {key: value for key, value in committed._catalog.items() if key != ""}
    stale = sorted(str(key) for key in expected.keys() ^ actual.keys())
    changed = sorted(str(key) for key in expected.keys() & actual.keys() if expected[key] != actual[key])
    assert not stale and not changed, (
        "django.mo is out of date with django.po: run `make messages` (or `django-admin compilemessages -l cy`) "
        f"and commit the .mo.\nonly in one of them: {stale[:10]}\ndifferent: {changed[:10]}"
    )
    assert [committed.plural(n) for n in range(120)] == [compiled.plural(n) for n in range(120)]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_msgfmt_check_reports_nothing_untranslated_or_fuzzy(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    report = result.stderr + result.stdout
    assert result.returncode == 0, report
    assert "translated message" in report, report
    assert "untranslated" not in report, report
    assert "fuzzy" not in report, report


def _msgids_listed(tree: ast.Module, tuple_name: str) -> list[tuple[str | None, str]]:
    """(context, msgid) of every gettext call in the tuple assigned to tuple_name."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == tuple_name for target in node.targets):
            listed = []
            for call in node.value.elts:
                args = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
                if call.func.id in ("pgettext_lazy", "npgettext_lazy"):
                    listed.append((args[0], args[1]))
                else:
                    listed.append((None, args[0]))
            return listed
    raise AssertionError(f"{tuple_name} not found in {ALLAUTH_STRINGS}")


def _catalogue_keys(*paths: Path) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for path in paths for entry in polib.pofile(str(path))}


def test_listed_allauth_and_django_msgids_still_exist(catalogue):
    """After an upgrade, a msgid that allauth or Django changed would silently show in English: catch it here."""
    import allauth
    import django

    tree = ast.parse(ALLAUTH_STRINGS.read_text(encoding="utf-8"))
    allauth_en = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    django_en = Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    auth_en = Path(django.__file__).parent / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    ours = {(entry.msgctxt, entry.msgid) for entry in entries(catalogue)}
    for tuple_name, sources in (("ALLAUTH_MSGIDS", [allauth_en]), ("DJANGO_MSGIDS", [django_en, auth_en])):
        listed = _msgids_listed(tree, tuple_name)
        assert listed, tuple_name
        upstream = _catalogue_keys(*sources)
        gone = [key for key in listed if key not in upstream]
        assert not gone, f"{tuple_name}: no longer used upstream, update allauth_strings.py: {gone}"
        untranslated = [key for key in listed if key not in ours]
        assert not untranslated, f"{tuple_name}: not in our catalogue, run `make messages`: {untranslated}"


# --- templates ---

DJANGO_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
TRANSLATE_TAG = re.compile(r"{%\s*(?:trans|translate|blocktrans|blocktranslate)\b")
LOADS_I18N = re.compile(r"{%\s*load\s+[^%]*\bi18n\b[^%]*%}")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
BILINGUAL = re.compile(r"""<[^>]*\blang=["']cy["'][^>]*>""")


def visible_text(source: str) -> str:
    """Text a person would see that is neither a template tag nor a variable (roughly: hard-coded words)."""
    text = COMMENT_BLOCK.sub(" ", source)
    text = BLOCKTRANSLATE.sub(" ", text)
    text = DJANGO_TAG.sub(" ", text)
    text = HTML_COMMENT.sub(" ", text)
    text = SCRIPT_OR_STYLE.sub(" ", text)
    text = TAG.sub(" ", text)
    text = ENTITY.sub(" ", text)
    return " ".join(text.split())


def project_templates() -> list[Path]:
    return sorted(
        path
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt"}
    )


@pytest.mark.parametrize("template", project_templates(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_templates_with_translatable_text_load_i18n(template):
    source = template.read_text(encoding="utf-8")
    if BILINGUAL.search(source) and not TRANSLATE_TAG.search(source):
        # Deliberately bilingual without the translation machinery (core/500.html must render even when
        # nothing else works): both languages are written out, the Welsh marked lang="cy".
        return
    if TRANSLATE_TAG.search(source):
        assert LOADS_I18N.search(source), f"{template.relative_to(PACKAGE)} translates text but does not load i18n"
    elif re.search(r"[A-Za-z]{2,}", visible_text(source)):
        assert LOADS_I18N.search(source), (
            f"{template.relative_to(PACKAGE)} has visible text ({visible_text(source)[:80]!r}) but does not load "
            "i18n: mark the text for translation"
        )
