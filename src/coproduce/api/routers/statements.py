"""Statements: list the published ones with their vote counts; write one as a participant (or seed one with a
write key)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Status

from coproduce.api.access import conversation_for_reading
from coproduce.api.auth import require_write_key_or
from coproduce.api.errors import ERRORS, WRITE_ERRORS, ApiError, ErrorOut, detail
from coproduce.api.pagination import Paging, page
from coproduce.api.participation import refusals
from coproduce.api.ratelimit import limit
from coproduce.api.schemas import Page, StatementCreatedOut, StatementIn, StatementOut
from coproduce.conversations import actions
from coproduce.conversations.access import statement_writer
from coproduce.conversations.forms import StatementForm
from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement
from coproduce.engagements.actions import audit
from coproduce.translations.reading import versions, with_translations

router = Router(tags=["statements"])


class StatementFilters(Paging):
    origin: Statement.Origin | None = Field(None, description="Only statements of this origin.")


def statement_out(s: Statement) -> dict:
    both = versions(s)
    return {
        "id": s.pk,
        "text": s.text,
        "language": s.language,
        "text_en": both["en"],
        "text_cy": both["cy"],
        "origin": s.origin,
        "created_at": s.created_at,
        "agree": s.n_agree,
        "disagree": s.n_disagree,
        "pass": s.n_pass,
    }


@router.get(
    "/engagements/{slug}/statements",
    response={200: Page[StatementOut], **ERRORS},
    operation_id="list_statements",
    summary=gettext_noop("Published statements of an engagement, with vote counts"),
    by_alias=True,
)
def list_statements(request: HttpRequest, slug: str, filters: Query[StatementFilters]):
    conversation = conversation_for_reading(request, slug)
    statements = (
        with_translations(conversation.statements.filter(status=Statement.Status.PUBLISHED))
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=1)),
            n_disagree=Count("votes", filter=Q(votes__value=-1)),
            n_pass=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("created_at", "pk")
    )
    if filters.origin:
        statements = statements.filter(origin=filters.origin)
    return page(statements, filters, statement_out)


@router.post(
    "/engagements/{slug}/statements",
    response={201: StatementCreatedOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="write_statement",
    summary=gettext_noop("Write a statement (participant) or add a seed statement (write key)"),
)
def write_statement(request: HttpRequest, slug: str, payload: StatementIn):
    """As a participant (participant token, or a signed-in or taking-part browser session with its CSRF token)
    while writing statements is open; as an organisation's write key, a seed statement of the facilitators.
    The same words (ignoring case, spaces and punctuation) cannot be written twice: 409."""
    c = require_write_key_or(request, "participant_token", "session")
    limit(request, "api-statement", 30)
    conversation = conversation_for_reading(request, slug)
    if len(payload.text) > STATEMENT_MAX_LENGTH:
        # The schema's limit is on the text as sent, which a client can check before sending; the form's is on the
        # text with its spaces tidied, so the form alone would take 281 characters of which some are doubled spaces.
        message = _("Your statement must be %(max)d characters or fewer. It has %(count)d.") % {
            "max": STATEMENT_MAX_LENGTH,
            "count": len(payload.text),
        }
        raise ApiError(
            422, "invalid_statement", _("The statement is not valid: see the details."), [detail(message, "text")]
        )
    form = StatementForm({"text": payload.text})
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid_statement",
            _("The statement is not valid: see the details."),
            [detail(message, "text") for message in form.errors.get("text", [])],
        )
    text = form.cleaned_data["text"]
    if c.kind == "api_key":
        if conversation.engagement.organisation_id != c.organisation_id:
            raise ApiError(
                403, "forbidden", _("Only the organisation running this engagement can add seed statements.")
            )
        with refusals(), transaction.atomic():
            statement = actions.do_write_statement(
                conversation, text, author=None, origin=Statement.Origin.SEED, language=payload.language
            )
            # Which key wrote it, next to do_write_statement's own "statement.seeded".
            audit(
                None,
                conversation.engagement.organisation,
                "api_key.statement_seeded",
                conversation.engagement,
                key=c.api_key.pk,
                prefix=c.api_key.prefix,
                statement=statement.pk,
            )
    else:
        # The write page's own path: the writer (writing open, then who), then the action.
        with refusals():
            statement = actions.do_write_statement_as_participant(
                conversation, statement_writer(request, conversation), text, payload.language
            )
    return Status(
        201, {"id": statement.pk, "text": statement.text, "language": statement.language, "status": statement.status}
    )
