"""What the apps above engagements add to it, so that engagements never imports them (docs/design/architecture.md).

Each app adds itself in its AppConfig.ready(). The same holds between the apps above: a page of a lower app shows
what a higher app adds through the entries here, never by naming the higher app's URLs or template tags
(tests/test_layers.py fails when it does). What there is, and where it shows:

- `StaffLink`: an engagement's staff navigation (engagements/templates/staff/_nav.html), in the groups of the
  cycle (STAFF_GROUPS), each shown to whoever has its permission.
- `EngagementLink`: a link on a public page of one engagement, in one of its places (TAKE_PART, RESULTS,
  RESULTS_PAGE), shown when the app's predicate says so.
- `Section`: a part of a lower app's page that a higher app renders from its own template (ENGAGEMENT,
  STATEMENT_SOURCES, STATEMENT_ANSWERS, DECISION, NETWORK, LISTENING_CONVERSATION, PROPOSAL, REPORT).
- `OrganisationLink`: an organisation's list in the staff dashboard, with a predicate (admins only, say), and the
  "Organisation" group of the staff navigation.
- `RoleLink`: a link beside each engagement role a person holds, in the staff dashboard's "Your roles".
- `TranslatedContent`: a kind of item staff write in English and Welsh, on the Welsh-language compliance pages
  (engagements/compliance.py) and in the dashboard's counts.
- demo loaders: each app's part of `coproduce demo`.

Predicates decide from what the page has already read (an `EngagementPage`, a `StaffOrganisation`), so a link costs
no query of its own; a section's context function makes the queries its part needs, as the template tag it replaces
did, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.template import Context
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

#: Functions that add an app's part of the demo to the demo engagement (`coproduce demo`), in the order added.
demo_loaders: list[Callable[[Any], None]] = []


def add_demo_loader(loader: Callable[[Any], None]) -> None:
    if loader not in demo_loaders:
        demo_loaders.append(loader)


def _add_sorted(registry: list[Any], entries: tuple[Any, ...]) -> None:
    # Safe to call again (ready() may run twice in tests); entries keep the order of their position.
    for entry in entries:
        if entry not in registry:
            registry.append(entry)
    registry.sort(key=lambda entry: entry.position)


# --- The engagement's staff navigation ---


#: The groups of the staff navigation, in the order of the cycle: a StaffLink names its group. The organisation's
#: own pages (OrganisationLink) come last, under "Organisation".
SET_UP = "set_up"
LISTEN = "listen"
CONVERSATION = "conversation"
CODESIGN = "codesign"
DELIVER = "deliver"
STAFF_GROUPS: tuple[tuple[str, Any], ...] = (
    (SET_UP, _("Set up")),
    (LISTEN, _("Listen")),
    (CONVERSATION, _("Conversation")),
    (CODESIGN, _("Co-design and prioritise")),
    (DELIVER, _("Deliver")),
)


@dataclass(frozen=True)
class StaffLink:
    """A page of an engagement's staff area, linked from its navigation (templates/staff/_nav.html)."""

    position: int  # the order in the navigation: engagements' own pages first (10–50), then the cycle's
    url_name: str  # a URL taking the engagement's slug
    label: Any  # lazily translated (gettext_lazy), so that it is read in the language of each request
    section: str | None = None  # the `section` a page passes to the navigation to be marked as the current page
    group: str = SET_UP  # one of STAFF_GROUPS
    # Shown to whoever has this permission on the engagement (the page's own check): a mentor is not shown the
    # settings, a facilitator not the notes' access log. Roles are cached per request (engagements/rules.py).
    permission: str = "engagements.manage_engagement"


#: The engagement staff navigation, in order of position.
staff_links: list[StaffLink] = []


def add_staff_links(*links: StaffLink) -> None:
    _add_sorted(staff_links, links)


# --- The public pages of an engagement ---

_UNREAD = object()


class EngagementPage:
    """What a public page about one engagement knows about the request, for the predicates and sections.

    The engagement page has read the participant and the features already and hands them over, so predicates cost
    nothing there; on another page each is read once, when a predicate first asks.
    """

    def __init__(self, request: Any, engagement: Any, *, participant: Any = _UNREAD, features: Any = None) -> None:
        self.request = request
        self.engagement = engagement
        if participant is not _UNREAD:
            self.participant = participant
        if features is not None:
            self.features = frozenset(features)

    @cached_property
    def participant(self) -> Any:
        """This browser's or account's participant record in the engagement, or None."""
        from coproduce.engagements.participants import current_participant

        return current_participant(self.request, self.engagement)

    @cached_property
    def features(self) -> frozenset[str]:
        """The features the engagement's current phases switch on."""
        return frozenset(self.engagement.enabled_features())

    @cached_property
    def published(self) -> frozenset[str]:
        """The features of every phase that has started: what was published stays published."""
        return frozenset(self.engagement.published_features())


def always(_page: Any) -> bool:
    return True


#: The places of EngagementLink.
TAKE_PART = "take_part"  # the engagement page's "How to take part", for someone taking part: a button each. The
# first one shown is also where someone goes once they have joined (engagements.views.take_part).
RESULTS = "results"  # the engagement page, under its brief: one line of links
RESULTS_PAGE = "results_page"  # the foot of the conversation's results page: a paragraph each


@dataclass(frozen=True)
class EngagementLink:
    """A link an app adds to a public page of an engagement."""

    place: str  # TAKE_PART, RESULTS or RESULTS_PAGE
    position: int  # the order within the place
    url_name: str  # a URL taking the engagement's slug
    label: Any  # lazily translated
    shown: Callable[[EngagementPage], bool] = always  # from what the page has read: no query of its own


engagement_links: list[EngagementLink] = []


def add_engagement_links(*links: EngagementLink) -> None:
    _add_sorted(engagement_links, links)


def links_for(place: str, page: EngagementPage) -> list[dict[str, Any]]:
    """The links of one place that the page shows, in order: {"url", "label"} each."""
    return [
        {"url": reverse(link.url_name, args=[page.engagement.slug]), "label": link.label}
        for link in engagement_links
        if link.place == place and link.shown(page)
    ]


# --- Sections of lower apps' pages ---

#: The places of Section, and what each one's context function is given (as keyword arguments).
ENGAGEMENT = "engagement"  # the engagement page, after the results line: page (an EngagementPage)
STATEMENT_SOURCES = "statement_sources"  # a statement's page, under its text (where it came from): statement
STATEMENT_ANSWERS = "statement_answers"  # a statement's page, at its foot (what took it up): statement
DECISION = "decision"  # a decision's page, at its foot (what delivers it): decision, engagement
NETWORK = (
    "network"  # a network's page, at its foot: network, organisation_ids (its organisations, at any depth), request
)
LISTENING_CONVERSATION = "listening_conversation"  # a one-to-one conversation's staff page: conversation, request
PROPOSAL = "proposal"  # a proposal's page, after what it answers (what it would use): proposal, engagement, request
REPORT = "report"  # "we asked, you said, we did", after the actions (what it drew on): engagement, request
JOURNEY_STEPS = "journey_steps"  # a journey round's results, after its next steps: steps, organisation, request


@dataclass(frozen=True)
class Section:
    """A part of a lower app's page that a higher app renders from its own template."""

    place: str  # ENGAGEMENT, STATEMENT_SOURCES, STATEMENT_ANSWERS, DECISION, PROPOSAL or REPORT
    position: int  # the order within the place
    template: str  # the higher app's template
    context: Callable[..., dict[str, Any] | None]  # the place's objects -> the template's context; None shows nothing


sections: list[Section] = []


def add_sections(*entries: Section) -> None:
    _add_sorted(sections, entries)


def render_sections(context: Context, place: str, **objects: Any) -> SafeString:
    """Each section of the place, rendered as an inclusion tag renders (in a new layer of the page's context, with
    its CSRF token), one per line."""
    parts = []
    for section in sections:
        if section.place != place or (data := section.context(**objects)) is None:
            continue
        new_context = context.new(data)
        if (csrf_token := context.get("csrf_token")) is not None:
            new_context["csrf_token"] = csrf_token
        parts.append(context.template.engine.get_template(section.template).render(new_context))
    return mark_safe("\n".join(parts))  # each part is a rendered, autoescaped template


# --- The staff dashboard ---


@dataclass(frozen=True)
class StaffOrganisation:
    """An organisation in the staff dashboard, as the dashboard has read it: shown to its managers, and whether
    this person is one of its admins."""

    organisation: Any
    is_admin: bool


def admins_only(entry: StaffOrganisation) -> bool:
    return entry.is_admin


@dataclass(frozen=True)
class OrganisationLink:
    """A link in an organisation's list in the staff dashboard."""

    position: int
    url_name: str  # a URL taking the organisation's slug
    label: Any  # lazily translated
    shown: Callable[[StaffOrganisation], bool] = always  # e.g. admins_only


organisation_links: list[OrganisationLink] = []


def add_organisation_links(*links: OrganisationLink) -> None:
    _add_sorted(organisation_links, links)


@dataclass(frozen=True)
class RoleLink:
    """A link beside an engagement role the person holds, in the staff dashboard's "Your roles"."""

    position: int
    roles: frozenset[str]  # the roles (engagements.models.Role values) it shows beside
    url_name: str  # a URL taking the engagement's slug
    label: Any  # lazily translated


role_links: list[RoleLink] = []


def add_role_links(*links: RoleLink) -> None:
    _add_sorted(role_links, links)


# --- The Welsh-language compliance pages ---


@dataclass(frozen=True)
class TranslatedContent:
    """A kind of item staff write in English and Welsh (core/bilingual.py), listed on the Welsh-language compliance
    pages (engagements/compliance.py) with a link to where it is fixed."""

    position: int  # the order of the kinds on the page
    model: Any
    label: Any  # the kind, lazily translated and plural: "Proposals"
    engagement: str  # the lookup from the model to its engagement ("engagement", "proposal__engagement"; "" for one)
    edit_url: Callable[[Any, Any], str]  # (item, its engagement) -> the page that edits its texts
    name: tuple[str, str] = ("", "title")  # (the lookup to the object whose field names the item, that field)
    fields: tuple[str, ...] | None = None  # the translated fields this kind is about (all of the model's if None)
    only: Callable[[Any], Any] | None = None  # narrows the queryset: only what people read (not hidden, …)


#: The kinds of translated content, in order of position.
translated_content: list[TranslatedContent] = []


def add_translated_content(*kinds: TranslatedContent) -> None:
    _add_sorted(translated_content, kinds)


@dataclass(frozen=True)
class OrganisationContent:
    """A kind of item staff write in English and Welsh that belongs to an organisation rather than to one
    engagement (an asset map's assets). On an organisation's compliance page: all of its items; on an engagement's:
    those `in_engagement` gives (the assets it draws on), missing a language the engagement offers."""

    position: int
    model: Any
    label: Any  # the kind, lazily translated and plural: "Assets"
    of_organisation: Callable[[Any], Any]  # organisation -> its items (a queryset)
    in_engagement: Callable[[Any], Any]  # engagement -> the items it uses (a queryset)
    edit_url: Callable[[Any], str]  # item -> the page that edits its texts
    where: Any  # what the page's "Engagement" column says for these items: "The asset map"
    name_field: str = "name"
    fields: tuple[str, ...] | None = None


organisation_content: list[OrganisationContent] = []


def add_organisation_content(*kinds: OrganisationContent) -> None:
    _add_sorted(organisation_content, kinds)
