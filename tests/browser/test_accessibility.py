"""axe-core (WCAG 2.2 A and AA rules) finds nothing on any page, in English and in Welsh, at phone size.

Form pages are checked twice: as they first appear, and after sending them empty (or with their required fields
cleared), because error states must be accessible too. Then keyboard basics: the skip link, and visible focus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress

from tests.browser.support import SCREENSHOT_ALL, axe_violations, format_violations, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Required text fields of edit forms, cleared before sending so that the form shows its errors.
FILLABLE = "input[type=text], input[type=email], input[type=date], input[type=password], input[type=url], textarea"


@dataclass(frozen=True)
class Page:
    name: str
    url: str  # may use {phase} and {link_key}
    user: str | None = None  # a persona of the `world` fixture
    status: int = 200
    submit: bool = False  # also check the page after sending its main form with its fields cleared
    fill: dict = field(default_factory=dict)  # fields to fill before sending, to reach a page behind the form
    errors: bool = True  # sending it with fields cleared shows errors (False: nothing is required)
    form: str = "main form:not(.inline-form) >> nth=-1"  # which form to send


PAGES = [
    # Public, anonymous
    Page("home", "/"),
    Page("engagement", "/engagements/outpatients/"),
    Page("take-part", "/engagements/outpatients/take-part/", submit=True),
    Page("not-found", "/engagements/does-not-exist/", status=404),
    # The footer's pages (core/pages.py)
    Page("accessibility-statement", "/accessibility/"),
    Page("privacy-notice", "/privacy/"),
    Page("cookies", "/cookies/"),
    Page("service-status", "/status/"),
    # Accounts, anonymous
    Page("sign-in", "/accounts/login/", submit=True),
    Page("sign-up", "/accounts/signup/", submit=True),
    Page("sign-in-by-code", "/accounts/login/code/", submit=True),
    Page("sign-in-by-code-confirm", "/accounts/login/code/", submit=True, fill={"email": "fran@example.org"}),
    Page("password-reset", "/accounts/password/reset/", submit=True),
    Page("password-reset-sent", "/accounts/password/reset/", submit=True, fill={"email": "fran@example.org"}),
    # Signed in
    Page("forbidden", "/staff/", user="pat", status=403),
    Page("engagement-as-participant", "/engagements/outpatients/", user="pat"),
    Page("profile", "/accounts/profile/", user="pat", submit=True),
    Page("sign-out", "/accounts/logout/", user="pat"),
    Page("password-change", "/accounts/password/change/", user="fran", submit=True),
    Page("email-addresses", "/accounts/email/", user="fran", submit=True),
    Page("mfa", "/accounts/2fa/", user="fran"),
    # fran has confirmed her password (see below) and sees the set-up page; alice is asked for her password first.
    Page("mfa-totp-activate", "/accounts/2fa/totp/activate/", user="fran", submit=True),
    Page("reauthenticate", "/accounts/2fa/totp/activate/", user="alice", submit=True),
    Page("staff-dashboard", "/staff/", user="fran"),
    Page("staff-engagement", "/staff/engagements/outpatients/", user="fran", submit=True),
    Page("staff-engagement-link-only", "/staff/engagements/carers-link/", user="fran"),
    Page("staff-boundaries", "/staff/engagements/outpatients/boundaries/", user="fran", submit=True, errors=False),
    Page("staff-phases", "/staff/engagements/outpatients/phases/", user="fran", submit=True),
    Page("staff-phase-edit", "/staff/engagements/outpatients/phases/{phase}/", user="fran", submit=True),
    Page("staff-perspectives", "/staff/engagements/outpatients/perspectives/", user="fran", submit=True),
    Page("staff-members", "/staff/engagements/outpatients/members/", user="fran", submit=True),
    Page("staff-dashboard-admin", "/staff/", user="alice"),
    Page("staff-engagement-create", "/staff/organisations/glas/engagements/new/", user="alice", submit=True),
    Page("staff-organisation-members", "/staff/organisations/glas/members/", user="alice", submit=True),
    Page("staff-import-polis", "/staff/organisations/glas/import-polis/", user="alice", submit=True),
]


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert page.locator("form[action$='/accounts/logout/']").count() == 1, "signing in did not work"


def send_form(page, selector: str, fill: dict) -> None:
    """Send a form of the page as a person would: fill the given fields, or else clear every text field first."""
    form = page.locator(selector)
    if fill:
        for name, value in fill.items():
            form.locator(f"[name={name}]").fill(value)
    else:
        for element in form.locator(FILLABLE).all():
            if element.is_editable():
                element.fill("")
    button = form.locator("[type=submit]").last
    if form.get_attribute("hx-post"):  # htmx swaps the answer into the page (the write page): no new page to wait for
        with page.expect_response(lambda response: response.request.method == "POST"):
            button.click()
        page.locator(".error-summary, .notification--error, .similar").first.wait_for()
    else:
        with page.expect_navigation():
            button.click()


PERSONAS = ["anonymous", "pat", "fran", "alice"]


def page_problems(page, label: str, name: str) -> list[str]:
    """axe's violations, and sideways scrolling of the whole page at phone width (WCAG 1.4.10 Reflow; axe does not
    check it). Wide tables may scroll inside their own box. A page with a problem is saved as a screenshot."""
    problems = []
    if violations := axe_violations(page):
        problems.append(f"{label}\n{format_violations(violations)}")
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > viewport:
        problems.append(f"{label}\n- the page is {width}px wide in a {viewport}px viewport: it scrolls sideways")
    if problems or SCREENSHOT_ALL:
        path = screenshot(page, name)
        if problems:
            problems[-1] += f"\n  screenshot: {path}"
    return problems


def check_page(page, spec: Page, language: str, **url_args) -> list[str]:
    """Visit one page (and its error state); return axe reports, one per state with violations."""
    failures = []
    url = spec.url.format(**url_args)
    response = page.goto(url)
    assert response.status == spec.status, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language, f"{url} is not in {language}"
    if not spec.fill:
        failures += page_problems(page, f"{spec.name} ({language}) {url}", f"a11y-{spec.name}-{language}")
    if spec.submit:
        send_form(page, spec.form, spec.fill)
        assert page.locator("html").get_attribute("lang") == language, f"{url} sent: not in {language}"
        state = "errors" if spec.errors and not spec.fill else "after"
        if state == "errors":
            shown = page.locator(".error-summary, .notification--error").count()
            assert shown == 1, f"{spec.name}: sending it empty showed no error summary"
        failures += page_problems(
            page, f"{spec.name} with {state} ({language}) {page.url}", f"a11y-{spec.name}-{state}-{language}"
        )
    return failures


# One test per persona and language, one browser context for all its pages (a new context per page starts a new
# renderer process and doubled the suite's time). Every page is still visited and every violation reported.
@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_axe_violations(world, new_context, persona: str, language: str):
    user = None if persona == "anonymous" else getattr(world, persona)
    pages = [spec for spec in PAGES if (spec.user or "anonymous") == persona]
    if user is not None:
        # Two-factor authentication can only be set up with a verified email address.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # fran signs in through the real sign-in form; the others get a session made by Django's test client.
    context = new_context(language=language, user=None if persona == "fran" else user, axe=True)
    page = context.new_page()
    if persona == "fran":
        sign_in(page, user.email, PASSWORD)
        # allauth asks for the password again before two-factor set-up, even just after signing in.
        page.goto("/accounts/2fa/totp/activate/")
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form [type=submit]").last.click()
        assert page.url.endswith("/accounts/2fa/totp/activate/"), page.url
    cookies = context.cookies()
    failures = []
    for spec in pages:
        # Back to the starting cookies, so that what one page sent (a sign-in code, taking part) cannot change the next.
        context.clear_cookies()
        context.add_cookies(cookies)
        try:
            failures += check_page(page, spec, language, phase=world.public.phases.first().pk)
        except Exception as error:
            error.add_note(f"while checking the page {spec.name!r} ({language})")
            raise
    if failures:
        report = "\n\n".join(failures)
        print(report)
        pytest.fail(f"axe found violations on {len(failures)} page state(s):\n\n{report}", pytrace=False)


def focus_styles_differ(page) -> dict:
    """Compare the focused element's computed style with its style when not focused."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color',
                         'border-color', 'color', 'text-decoration-line'];
          const snap = () => { const s = getComputedStyle(el); return props.map(p => s.getPropertyValue(p)).join('|'); };
          const focused = snap(); el.blur(); const unfocused = snap(); el.focus();
          return {tag: el.tagName, text: (el.innerText || el.name || el.id || '').trim().slice(0, 40),
                  differs: focused !== unfocused};
        }"""
    )


@pytest.mark.parametrize("language", ["en", "cy"])
def test_skip_link_is_first_and_moves_focus_to_main(world, new_context, language):
    page = new_context(language=language).new_page()
    page.goto("/engagements/outpatients/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.evaluate("el => el.classList.contains('skip-link')"), (
        "the skip link must be the first focusable element"
    )
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize(
    "url,user",
    [
        ("/", None),
        ("/accounts/login/", None),
        ("/engagements/outpatients/take-part/", None),
        ("/staff/engagements/outpatients/phases/", "fran"),
    ],
    ids=["home", "sign-in", "take-part", "staff-phases"],
)
def test_every_focusable_element_shows_focus(world, new_context, url, user):
    page = new_context(user=getattr(world, user) if user else None).new_page()
    page.goto(url)
    count = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex=\"-1\"])').length"
    )
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        result = focus_styles_differ(page)
        seen.append(result)
    invisible = [f"{r['tag']} {r['text']!r}" for r in seen if not r["differs"]]
    assert len(seen) >= 3
    assert not invisible, f"no visible focus indicator on: {invisible}"


# The listening conversation, on the demo's data (statements, votes, a snapshot with groups): as someone taking part
# without an account, as its facilitator, and as the organisation's admin.
DEMO = "outpatient-appointments"
CONVERSATION_PAGES = [
    Page("vote", f"/engagements/{DEMO}/vote/", user="participant"),
    Page("write", f"/engagements/{DEMO}/write/", user="participant", submit=True),
    Page("my-votes", f"/engagements/{DEMO}/my-votes/", user="participant"),
    Page("results", f"/engagements/{DEMO}/results/", user="participant"),
    Page("moderation-log", f"/engagements/{DEMO}/moderation-log/", user="participant"),
    Page("statement", f"/engagements/{DEMO}/statements/{{statement}}/", user="participant"),
    Page(
        "staff-statements",
        f"/staff/engagements/{DEMO}/statements/",
        user="facilitator@example.org",
        submit=True,
        form="main form:has(input[name=form][value=seed])",
    ),
    Page("staff-live", f"/staff/engagements/{DEMO}/live/", user="facilitator@example.org"),
    Page("staff-assisted", f"/staff/engagements/{DEMO}/assisted/", user="facilitator@example.org", submit=True),
    Page(
        "staff-import-polis",
        "/staff/organisations/glas-valley-health/import-polis/",
        user="admin@example.org",
        submit=True,
    ),
]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_no_axe_violations_in_the_conversation(committed_demo, new_context, django_user_model, language: str):
    from coproduce.conversations.models import Statement

    statement = Statement.objects.filter(conversation__engagement__slug=DEMO, status=Statement.Status.PUBLISHED).first()
    failures = []
    for persona in dict.fromkeys(spec.user for spec in CONVERSATION_PAGES):
        user = None if persona == "participant" else django_user_model.objects.get(email=persona)
        context = new_context(language=language, user=user, axe=True)
        page = context.new_page()
        if persona == "participant":
            # Take part as a person would: agree to the privacy notice, then vote once (htmx swaps in the next card).
            page.goto(f"/engagements/{DEMO}/take-part/")
            page.locator("main input[name=consent]").check()
            with page.expect_navigation():
                page.locator("main form [type=submit]").last.click()
            page.goto(f"/engagements/{DEMO}/vote/")
            first = page.locator(".vote-card__statement").inner_text()
            page.locator("button[name=value][value='1']").click()
            page.wait_for_function("t => document.querySelector('.vote-card__statement')?.innerText !== t", arg=first)
            failures += page_problems(page, f"vote after voting ({language})", f"a11y-vote-after-voting-{language}")
        cookies = context.cookies()
        for spec in (spec for spec in CONVERSATION_PAGES if spec.user == persona):
            context.clear_cookies()
            context.add_cookies(cookies)
            try:
                failures += check_page(page, spec, language, statement=statement.pk)
            except Exception as error:
                error.add_note(f"while checking the page {spec.name!r} ({language})")
                raise
    if failures:
        report = "\n\n".join(failures)
        print(report)
        pytest.fail(f"axe found violations on {len(failures)} page state(s):\n\n{report}", pytrace=False)
