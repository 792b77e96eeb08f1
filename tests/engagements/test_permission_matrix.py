"""Who gets what from every view built so far: one row per (view, engagement), one column per persona.

Read a row as "this is what each kind of person gets from this view of this engagement". Cells:

    200    the page
    302    a redirect, and nothing changed
    saved  a redirect after a write, and something changed
    login  redirected to sign in (302 to /accounts/login/), nothing changed
    403    may see it but not change it, nothing changed
    404    may not even know it exists, nothing changed
    405    wrong method (GET on a POST-only view), nothing changed

Personas (tests/conftest.py): anon (no account, no cookie), pseudo (took part in the *public* engagement without an
account: a signed cookie), pat (participant with an account: invited to the private engagement, takes part in the
public one), sam (spokesperson), mo (mentor), erin (expert), fran (facilitator) — all four for each of the three
engagements of "glas" —, alice (admin of the organisation "glas"), olly (admin and facilitator of another
organisation: sees nothing private of "glas").

Each row is one test; inside it every persona's request runs in a savepoint that is rolled back, so a write by one
persona cannot change what the next one gets, and the world is built once per row instead of once per cell.
A failure lists every cell that differs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import (
    AuditEvent,
    Engagement,
    Membership,
    Organisation,
    Participant,
    Perspective,
    Phase,
    Role,
)
from tests import permission_matrix as matrix
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]

# The visibility column names the engagement of "glas" the row is about ("-" when the view has none).
MATRIX = """
view                            engagement  anon   pseudo pat    sam    mo     erin   fran   alice  olly
home                            -           200    200    200    200    200    200    200    200    200
healthz                         -           200    200    200    200    200    200    200    200    200
status                          -           200    200    200    200    200    200    200    200    200
accessibility                   -           200    200    200    200    200    200    200    200    200
privacy                         -           200    200    200    200    200    200    200    200    200
cookies                         -           200    200    200    200    200    200    200    200    200
favicon                         -           301    301    301    301    301    301    301    301    301
language_switch                 -           302    302    saved  saved  saved  saved  saved  saved  saved
language_switch_get             -           405    405    405    405    405    405    405    405    405
profile                         -           login  login  200    200    200    200    200    200    200
profile_post                    -           login  login  saved  saved  saved  saved  saved  saved  saved

detail                          public      200    200    200    200    200    200    200    200    200
detail                          link        404    404    404    200    200    200    200    200    404
detail                          private     404    404    200    200    200    200    200    200    404
take_part                       public      200    302    302    200    200    200    200    200    200
take_part                       link        404    404    404    200    200    200    200    200    404
take_part                       private     404    404    200    200    200    200    200    200    404
take_part_post                  public      saved  302    302    saved  saved  saved  saved  saved  saved
take_part_post                  link        404    404    404    saved  saved  saved  saved  saved  404
take_part_post                  private     404    404    saved  saved  saved  saved  saved  saved  404
claim_post                      public      login  login  404    404    404    404    404    404    404
claim_post                      private     login  login  404    404    404    404    404    404    404
claim_get                       public      login  login  405    405    405    405    405    405    405
join_by_link                    public      302    302    302    302    302    302    302    302    302
join_by_link                    link        302    302    302    302    302    302    302    302    302
join_by_link                    private     404    404    404    404    404    404    404    404    404
join_by_link_post               link        405    405    405    405    405    405    405    405    405

my_contributions                public      302    200    200    302    302    302    302    302    302
my_contributions                link        404    404    404    302    302    302    302    302    404
my_contributions                private     404    404    302    302    302    302    302    302    404
my_data                         public      302    200    302    302    302    302    302    302    302
my_data                         private     404    404    302    302    302    302    302    302    404
my_data_post                    public      302    saved  302    302    302    302    302    302    302
my_data_post                    private     404    404    302    302    302    302    302    302    404
my_data_download                public      302    200    302    302    302    302    302    302    302
my_data_download                private     404    404    302    302    302    302    302    302    404
account_contributions           -           login  login  200    200    200    200    200    200    200
account_data                    -           login  login  200    200    200    200    200    200    200
account_data_post               -           login  login  saved  saved  saved  saved  saved  saved  saved
account_data_download           -           login  login  200    200    200    200    200    200    200
data_deleted                    -           200    200    200    200    200    200    200    200    200

dashboard                       -           login  login  403    200    200    200    200    200    200
organisation_create             -           login  login  403    403    403    403    403    403    403
organisation_create_post        -           login  login  403    403    403    403    403    403    403
engagement_create               -           login  login  403    403    403    403    403    200    403
engagement_create_post          -           login  login  403    403    403    403    403    saved  403
organisation_members            -           login  login  403    403    403    403    403    200    403
organisation_members_post       -           login  login  403    403    403    403    403    saved  403
organisation_member_remove      -           login  login  403    403    403    403    403    saved  403
organisation_member_remove_get  -           login  login  405    405    405    405    405    405    405
organisation_language_compliance -          login  login  403    403    403    403    403    200    403

engagement_edit                 public      login  login  403    403    403    403    200    200    403
engagement_edit                 link        login  login  404    403    403    403    200    200    404
engagement_edit                 private     login  login  403    403    403    403    200    200    404
engagement_edit_post            public      login  login  403    403    403    403    saved  saved  403
engagement_edit_post            link        login  login  404    403    403    403    saved  saved  404
engagement_edit_post            private     login  login  403    403    403    403    saved  saved  404
boundaries                      public      login  login  403    403    403    403    200    200    403
boundaries                      link        login  login  404    403    403    403    200    200    404
boundaries                      private     login  login  403    403    403    403    200    200    404
boundaries_post                 public      login  login  403    403    403    403    saved  saved  403
boundaries_post                 link        login  login  404    403    403    403    saved  saved  404
boundaries_post                 private     login  login  403    403    403    403    saved  saved  404
phases                          public      login  login  403    403    403    403    200    200    403
phases                          link        login  login  404    403    403    403    200    200    404
phases                          private     login  login  403    403    403    403    200    200    404
phases_post                     public      login  login  403    403    403    403    saved  saved  403
phases_post                     link        login  login  404    403    403    403    saved  saved  404
phases_post                     private     login  login  403    403    403    403    saved  saved  404
phase_edit                      public      login  login  403    403    403    403    200    200    403
phase_edit                      link        login  login  404    403    403    403    200    200    404
phase_edit                      private     login  login  403    403    403    403    200    200    404
phase_edit_post                 public      login  login  403    403    403    403    saved  saved  403
phase_edit_post                 link        login  login  404    403    403    403    saved  saved  404
phase_edit_post                 private     login  login  403    403    403    403    saved  saved  404
phase_delete                    public      login  login  403    403    403    403    saved  saved  403
phase_delete                    link        login  login  404    403    403    403    saved  saved  404
phase_delete                    private     login  login  403    403    403    403    saved  saved  404
phase_delete_get                private     login  login  405    405    405    405    405    405    405
perspectives                    public      login  login  403    403    403    403    200    200    403
perspectives                    link        login  login  404    403    403    403    200    200    404
perspectives                    private     login  login  403    403    403    403    200    200    404
perspectives_post               public      login  login  403    403    403    403    saved  saved  403
perspectives_post               link        login  login  404    403    403    403    saved  saved  404
perspectives_post               private     login  login  403    403    403    403    saved  saved  404
perspective_delete              public      login  login  403    403    403    403    saved  saved  403
perspective_delete              link        login  login  404    403    403    403    saved  saved  404
perspective_delete              private     login  login  403    403    403    403    saved  saved  404
perspective_delete_get          private     login  login  405    405    405    405    405    405    405
perspective_edit                public      login  login  403    403    403    403    200    200    403
perspective_edit                link        login  login  404    403    403    403    200    200    404
perspective_edit                private     login  login  403    403    403    403    200    200    404
perspective_edit_post           public      login  login  403    403    403    403    saved  saved  403
perspective_edit_post           link        login  login  404    403    403    403    saved  saved  404
perspective_edit_post           private     login  login  403    403    403    403    saved  saved  404
language_compliance             public      login  login  403    403    403    403    200    200    403
language_compliance             link        login  login  404    403    403    403    200    200    404
language_compliance             private     login  login  403    403    403    403    200    200    404
language_compliance_post        public      login  login  405    405    405    405    405    405    405
members                         public      login  login  403    403    403    403    200    200    403
members                         link        login  login  404    403    403    403    200    200    404
members                         private     login  login  403    403    403    403    200    200    404
members_post                    public      login  login  403    403    403    403    saved  saved  403
members_post                    link        login  login  404    403    403    403    saved  saved  404
members_post                    private     login  login  403    403    403    403    saved  saved  404
members_mentor_post             public      login  login  403    403    403    403    200    saved  403
members_mentor_post             link        login  login  404    403    403    403    200    saved  404
members_mentor_post             private     login  login  403    403    403    403    200    saved  404
member_remove                   public      login  login  403    403    403    403    saved  saved  403
member_remove                   link        login  login  404    403    403    403    saved  saved  404
member_remove                   private     login  login  403    403    403    403    saved  saved  404
member_remove_get               private     login  login  405    405    405    405    405    405    405
"""


ROWS = parse_matrix(MATRIX, PERSONAS)


def engagement_fields(engagement_visibility: str) -> dict:
    return {
        "title_en": "Renamed in English",
        "title_cy": "Wedi’i ailenwi",
        "question_en": "What matters to you about renamed things?",
        "question_cy": "Beth sy’n bwysig i chi?",
        "brief_en": "",
        "brief_cy": "",
        "languages": "en+cy",
        "visibility": engagement_visibility,
    }


def build_request(view: str, world, engagement: Engagement | None) -> Request:
    """The request a persona sends for a row: valid input, so that a refusal is never down to bad data."""
    slug = engagement.slug if engagement else None
    phase = engagement.phases.first() if engagement else None
    perspective = engagement.perspectives.first() if engagement else None
    sam_here = Membership.objects.get(user=world.sam, engagement=engagement) if engagement else None
    org = world.org.slug
    requests: dict[str, Callable[[], Request]] = {
        "home": lambda: Request("get", reverse("core:home")),
        "healthz": lambda: Request("get", reverse("core:healthz")),
        "status": lambda: Request("get", reverse("core:status")),
        "accessibility": lambda: Request("get", reverse("core:accessibility")),
        "privacy": lambda: Request("get", reverse("core:privacy")),
        "cookies": lambda: Request("get", reverse("core:cookies")),
        "favicon": lambda: Request("get", reverse("core:favicon")),
        "language_switch": lambda: Request("post", reverse("core:set_language"), {"language": "cy", "next": "/"}),
        "language_switch_get": lambda: Request("get", reverse("core:set_language")),
        "profile": lambda: Request("get", reverse("accounts:profile")),
        "profile_post": lambda: Request(
            "post", reverse("accounts:profile"), {"display_name": "A new name", "preferred_language": "cy"}
        ),
        "detail": lambda: Request("get", reverse("engagements:detail", args=[slug])),
        "take_part": lambda: Request("get", reverse("engagements:take_part", args=[slug])),
        "take_part_post": lambda: Request(
            "post", reverse("engagements:take_part", args=[slug]), {"consent": "on", "perspective": ""}
        ),
        "claim_post": lambda: Request("post", reverse("engagements:claim", args=[slug])),
        "claim_get": lambda: Request("get", reverse("engagements:claim", args=[slug])),
        "join_by_link": lambda: Request("get", reverse("engagements:join_by_link", args=[engagement.access_key])),
        "join_by_link_post": lambda: Request("post", reverse("engagements:join_by_link", args=[engagement.access_key])),
        # A person's own contributions and data: only their own record's, whoever they are (staff included).
        "my_contributions": lambda: Request("get", reverse("engagements:my_contributions", args=[slug])),
        "my_data": lambda: Request("get", reverse("engagements:my_data", args=[slug])),
        "my_data_post": lambda: Request("post", reverse("engagements:my_data", args=[slug])),
        "my_data_download": lambda: Request("get", reverse("engagements:my_data_download", args=[slug])),
        "account_contributions": lambda: Request("get", reverse("engagements:account_contributions")),
        "account_data": lambda: Request("get", reverse("engagements:account_data")),
        "account_data_post": lambda: Request("post", reverse("engagements:account_data")),
        "account_data_download": lambda: Request("get", reverse("engagements:account_data_download")),
        "data_deleted": lambda: Request("get", reverse("engagements:data_deleted")),
        "dashboard": lambda: Request("get", reverse("staff:dashboard")),
        # Only platform admins (superusers, none of the personas): tests/engagements/test_organisation_create.py.
        "organisation_create": lambda: Request("get", reverse("staff:organisation_create")),
        "organisation_create_post": lambda: Request(
            "post",
            reverse("staff:organisation_create"),
            {"name_en": "Bryn Council", "name_cy": "Cyngor Bryn", "slug": "bryn", "website": ""},
        ),
        "engagement_create": lambda: Request("get", reverse("staff:engagement_create", args=[org])),
        "engagement_create_post": lambda: Request(
            "post", reverse("staff:engagement_create", args=[org]), engagement_fields("private")
        ),
        "organisation_members": lambda: Request("get", reverse("staff:organisation_members", args=[org])),
        "organisation_members_post": lambda: Request(
            "post",
            reverse("staff:organisation_members", args=[org]),
            {"email": "newcomer@example.org", "role": Role.FACILITATOR},
        ),
        "organisation_member_remove": lambda: Request(
            "post", reverse("staff:organisation_member_remove", args=[org, world.nia_membership.pk])
        ),
        "organisation_member_remove_get": lambda: Request(
            "get", reverse("staff:organisation_member_remove", args=[org, world.nia_membership.pk])
        ),
        "engagement_edit": lambda: Request("get", reverse("staff:engagement", args=[slug])),
        "engagement_edit_post": lambda: Request(
            "post", reverse("staff:engagement", args=[slug]), engagement_fields(engagement.visibility)
        ),
        "boundaries": lambda: Request("get", reverse("staff:boundaries", args=[slug])),
        "boundaries_post": lambda: Request(
            "post",
            reverse("staff:boundaries", args=[slug]),
            {"in_scope_en": "Only reminders.", "in_scope_cy": "Atgoffa yn unig."},
        ),
        "phases": lambda: Request("get", reverse("staff:phases", args=[slug])),
        "phases_post": lambda: Request(
            "post",
            reverse("staff:phases", args=[slug]),
            {"kind": "decide", "starts_on": "2030-01-01", "ends_on": "2030-02-01", "state": "scheduled"},
        ),
        "phase_edit": lambda: Request("get", reverse("staff:phase_edit", args=[slug, phase.pk])),
        "phase_edit_post": lambda: Request(
            "post",
            reverse("staff:phase_edit", args=[slug, phase.pk]),
            {"kind": "listen", "starts_on": "2030-01-01", "ends_on": "2030-03-01", "state": "closed"},
        ),
        "phase_delete": lambda: Request("post", reverse("staff:phase_delete", args=[slug, phase.pk])),
        "phase_delete_get": lambda: Request("get", reverse("staff:phase_delete", args=[slug, phase.pk])),
        "perspectives": lambda: Request("get", reverse("staff:perspectives", args=[slug])),
        "perspectives_post": lambda: Request(
            "post", reverse("staff:perspectives", args=[slug]), {"name_en": "Neighbour", "name_cy": "Cymydog"}
        ),
        "perspective_delete": lambda: Request("post", reverse("staff:perspective_delete", args=[slug, perspective.pk])),
        "perspective_delete_get": lambda: Request(
            "get", reverse("staff:perspective_delete", args=[slug, perspective.pk])
        ),
        "perspective_edit": lambda: Request("get", reverse("staff:perspective_edit", args=[slug, perspective.pk])),
        "perspective_edit_post": lambda: Request(
            "post",
            reverse("staff:perspective_edit", args=[slug, perspective.pk]),
            {"name_en": perspective.name_en, "name_cy": "Newydd"},
        ),
        "language_compliance": lambda: Request("get", reverse("staff:language_compliance", args=[slug])),
        "language_compliance_post": lambda: Request("post", reverse("staff:language_compliance", args=[slug])),
        "organisation_language_compliance": lambda: Request(
            "get", reverse("staff:organisation_language_compliance", args=[org])
        ),
        "members": lambda: Request("get", reverse("staff:members", args=[slug])),
        "members_post": lambda: Request(
            "post", reverse("staff:members", args=[slug]), {"email": "newcomer@example.org", "role": Role.EXPERT}
        ),
        # A role that opens confidential notes: only the organisation admin may give it (issue 13; every role and
        # persona is walked in tests/listening/test_role_changes.py).
        "members_mentor_post": lambda: Request(
            "post", reverse("staff:members", args=[slug]), {"email": "newcomer@example.org", "role": Role.MENTOR}
        ),
        "member_remove": lambda: Request("post", reverse("staff:member_remove", args=[slug, sam_here.pk])),
        "member_remove_get": lambda: Request("get", reverse("staff:member_remove", args=[slug, sam_here.pk])),
    }
    return requests[view]()


def snapshot() -> tuple:
    """Everything a view of this app could change, in a comparable form."""
    User = get_user_model()
    return (
        list(Organisation.objects.order_by("pk").values_list("pk", "slug")),
        list(Engagement.objects.order_by("pk").values_list("pk", "title_en", "title_cy", "in_scope_en", "visibility")),
        list(Phase.objects.order_by("pk").values_list("pk", "kind", "starts_on", "ends_on", "state")),
        list(Perspective.objects.order_by("pk").values_list("pk", "name_en", "name_cy")),
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "engagement_id", "role")),
        list(Participant.objects.order_by("pk").values_list("pk", "user_id", "engagement_id")),
        list(User.objects.order_by("pk").values_list("pk", "email", "display_name", "preferred_language")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(world):
    # A pseudonymous participant of the public engagement (who agreed to take part, as pat did there), and an
    # organisation-wide member alice may remove.
    now = timezone.now()
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=now)
    Participant.objects.filter(user=world.pat).update(consented_at=now)
    nia = get_user_model().objects.create_user("nia@example.org", "a-long-test-password")
    world.nia_membership = Membership.objects.create(user=nia, organisation=world.org, role=Role.MENTOR)
    return world


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_permission_matrix(view, visibility, expected, matrix_world):
    world = matrix_world
    engagement = {"public": world.public, "link": world.link, "private": world.private, "-": None}[visibility]
    request = build_request(view, world, engagement)
    # Writes are checked for side effects; a GET is only checked for its answer. Every persona starts from the
    # same state (the previous one's write is rolled back), so one snapshot serves them all.
    got = matrix.run_row(PERSONAS, request, world, snapshot)
    matrix.assert_row(view, visibility, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    """A new view must get a row: every named URL of our apps appears in the matrix."""
    aliases = {
        "core:home": "home",
        "core:healthz": "healthz",
        "core:status": "status",
        "core:accessibility": "accessibility",
        "core:privacy": "privacy",
        "core:cookies": "cookies",
        "core:favicon": "favicon",
        "core:set_language": "language_switch",
        "accounts:profile": "profile",
        "engagements:detail": "detail",
        "engagements:take_part": "take_part",
        "engagements:claim": "claim",
        "engagements:join_by_link": "join_by_link",
        "engagements:my_contributions": "my_contributions",
        "engagements:my_data": "my_data",
        "engagements:my_data_download": "my_data_download",
        "engagements:account_contributions": "account_contributions",
        "engagements:account_data": "account_data",
        "engagements:account_data_download": "account_data_download",
        "engagements:data_deleted": "data_deleted",
        "staff:dashboard": "dashboard",
        "staff:organisation_create": "organisation_create",
        "staff:engagement_create": "engagement_create",
        "staff:organisation_members": "organisation_members",
        "staff:organisation_member_remove": "organisation_member_remove",
        "staff:engagement": "engagement_edit",
        "staff:boundaries": "boundaries",
        "staff:phases": "phases",
        "staff:phase_edit": "phase_edit",
        "staff:phase_delete": "phase_delete",
        "staff:perspectives": "perspectives",
        "staff:perspective_delete": "perspective_delete",
        "staff:perspective_edit": "perspective_edit",
        "staff:language_compliance": "language_compliance",
        "staff:organisation_language_compliance": "organisation_language_compliance",
        "staff:members": "members",
        "staff:member_remove": "member_remove",
    }
    ours = matrix.url_names("core", "accounts", "engagements", "staff", qualified=True)
    assert ours - aliases.keys() == set(), "views without a row in the permission matrix"
    assert set(aliases.values()) <= matrix.views_of(ROWS)
