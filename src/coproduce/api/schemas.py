"""Shapes of what the API reads and returns (pydantic, through django-ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from coproduce.conversations.models import STATEMENT_MAX_LENGTH

T = TypeVar("T")

#: What an organisation's or engagement's slug can be (Django's SlugField, max_length=80).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 80


def _json_number(value: Any) -> Any:
    """Bodies are JSON, and the schema speaks JSON Schema: "1" is a string and true is a boolean, not numbers.
    Pydantic's lax mode would take both as 1 (so the server took what its schema refuses); 1.0 is a
    JSON Schema integer, so numbers go on to pydantic's own checks as they are."""
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


#: An integer in a JSON body: a JSON number with nothing after the point, never a string or a boolean.
JsonInt = Annotated[int, BeforeValidator(_json_number)]

#: The characters str.split() drops, as StatementForm does: written out, because "\s" means fewer of them in
#: JSON Schema's (ECMA-262) regular expressions than in Python's (no \x1c-\x1f, no \x85). A test holds them equal.
SPACES = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

#: A statement's words: the schema says what StatementForm checks (so that a client can check before sending): at
#: most 280 characters, at least one that is not a space, no NUL. The view checks them, with the form's own messages.
STATEMENT_TEXT = {"minLength": 1, "maxLength": STATEMENT_MAX_LENGTH, "pattern": rf"^[^\x00]*[^\x00{SPACES}][^\x00]*$"}


class Page(Schema, Generic[T]):
    count: int = Field(description="How many items there are in all (for this filter).")
    limit: int
    offset: int
    items: list[T]


class LicenceOut(Schema):
    name: str = Field(description="SPDX identifier, e.g. OGL-UK-3.0.")
    title: str
    path: str = Field(description="Where the licence text is.")
    attribution: str = Field(description="The attribution line to use when you publish this data.")
    attribution_cy: str = Field(description="The same line in Welsh.")


class OrganisationOut(Schema):
    slug: str
    name: str
    website: str
    licence: LicenceOut


class PhaseOut(Schema):
    kind: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    features: list[str]
    is_current: bool


class PerspectiveOut(Schema):
    id: int
    name: str


class BoundariesOut(Schema):
    in_scope: str
    out_of_scope: str
    fixed: str
    budget: str
    who_decides: str
    timeline: str


class EngagementSummaryOut(Schema):
    slug: str
    organisation: str = Field(description="The organisation's slug.")
    title: str
    question: str
    visibility: Literal["public", "link", "private"]
    created_at: dt.datetime


class EngagementOut(EngagementSummaryOut):
    brief: str
    languages: str
    boundaries: BoundariesOut
    phases: list[PhaseOut]
    perspectives: list[PerspectiveOut]
    features_open: list[str] = Field(description="Features switched on by the phases open today.")
    page_url: str


class JoinIn(Schema):
    # Declared as the constant true (nothing else is accepted); checked in the view, which says why (consent_required).
    consent: bool = Field(
        strict=True,
        description="true: the person has read and agrees to the privacy notice.",
        json_schema_extra={"const": True},
    )
    perspective: JsonInt | None = Field(None, description="Id of one of the engagement's perspectives, or null.")
    # As new_access_key makes them (secrets.token_urlsafe(18): 24 characters).
    link_key: str | None = Field(
        None,
        max_length=40,
        pattern=r"^[A-Za-z0-9_-]*$",
        description="For a link-only engagement: the key at the end of its link (/join/<key>/), as the link gives.",
    )


class JoinOut(Schema):
    token: str = Field(description="Send it as X-Participant-Token to vote and write statements. Keep it secret.")
    perspective: int | None
    engagement: str


LANGUAGE_DESCRIPTION = "The language the statement was written in: en (English) or cy (Welsh)."
TEXT_EN_DESCRIPTION = "The statement in English: the original, or its confirmed translation; null if there is none yet."
TEXT_CY_DESCRIPTION = "The statement in Welsh: the original, or its confirmed translation; null if there is none yet."


class StatementOut(Schema):
    id: int
    text: str = Field(description="The statement as written, in its own language.")
    language: Literal["en", "cy"] = Field(description=LANGUAGE_DESCRIPTION)
    text_en: str | None = Field(description=TEXT_EN_DESCRIPTION)
    text_cy: str | None = Field(description=TEXT_CY_DESCRIPTION)
    origin: str
    created_at: dt.datetime
    agree: int
    disagree: int
    pass_: int = Field(alias="pass")


class StatementIn(Schema):
    text: str = Field(
        description="One short point others can agree or disagree with: up to 280 characters, with "
        "at least one that is not a space. A participant's statement needs at least the engagement's shortest "
        "length (10 characters unless its facilitators changed it; 422 otherwise).",
        json_schema_extra=STATEMENT_TEXT,
    )
    language: Literal["en", "cy"] | None = Field(
        None, description="The language it is written in: en or cy. Left out, it is detected from the words."
    )


class StatementCreatedOut(Schema):
    id: int
    text: str
    language: Literal["en", "cy"]
    status: Literal["published", "pending"]


class VoteIn(Schema):
    statement: JsonInt = Field(ge=1, le=2**63 - 1, description="Id of a published statement of the engagement.")
    value: Annotated[Literal[-1, 0, 1], BeforeValidator(_json_number)] = Field(
        description="1 agree, -1 disagree, 0 pass."
    )


class StatementToVoteOut(Schema):
    id: int
    text: str = Field(description="The statement as written, in its own language.")
    language: Literal["en", "cy"] = Field(description=LANGUAGE_DESCRIPTION)
    text_en: str | None = Field(description=TEXT_EN_DESCRIPTION)
    text_cy: str | None = Field(description=TEXT_CY_DESCRIPTION)
    origin: str


class VoteOut(Schema):
    statement: int
    value: int


class GroupCountOut(Schema):
    group: str
    agree: int
    disagree: int
    pass_: int = Field(alias="pass")


class PerspectiveCountOut(Schema):
    perspective: str
    agree: int | None = Field(
        description="null when fewer people of the perspective voted than the small-numbers threshold (5 unless the "
        "site sets SMALL_NUMBERS_THRESHOLD)."
    )
    disagree: int | None
    pass_: int | None = Field(alias="pass")


class StatementResultOut(Schema):
    id: int
    text: str
    agree: int
    disagree: int
    pass_: int = Field(alias="pass")
    group_aware_consensus: float | None
    common_ground: bool | None = Field(description="true, false, or null when it is too early to say.")
    groups: list[GroupCountOut]
    perspectives: list[PerspectiveCountOut]


class DistinctiveOut(Schema):
    statement: int
    direction: str


class GroupOut(Schema):
    id: str
    size: int
    distinctive: list[DistinctiveOut]


class PerspectiveSizeOut(Schema):
    name: str
    size: int | None = Field(
        description="null when fewer people than the small-numbers threshold (5 unless the site sets "
        "SMALL_NUMBERS_THRESHOLD)."
    )


class AnalysisOut(Schema):
    computed_at: dt.datetime | None
    participants: int
    votes: int
    groups: list[GroupOut]
    common_ground: list[StatementResultOut]
    common_disagreement: list[StatementResultOut]
    divisive: list[StatementResultOut]
    perspectives: list[PerspectiveSizeOut]
    perspective_common_ground: list[StatementResultOut]
    statements: list[StatementResultOut]


class ExportOut(Schema):
    name: str
    media_type: str
    description: str
    url: str


class MyVotesOut(Schema):
    items: list[VoteOut] = Field(description="Your latest vote on each published statement.")


class NextStatementOut(Schema):
    statement: StatementToVoteOut | None = Field(
        description="The statement to show next; null when you have voted on all."
    )
    voted: int = Field(description="Published statements you have voted on.")
    remaining: int = Field(description="Published statements you have not voted on yet.")
