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


class StatementToVoteOut(Schema):
    id: int
    text: str = Field(description="The statement as written, in its own language.")
    language: Literal["en", "cy"] = Field(description=LANGUAGE_DESCRIPTION)
    text_en: str | None = Field(description=TEXT_EN_DESCRIPTION)
    text_cy: str | None = Field(description=TEXT_CY_DESCRIPTION)
    origin: str


# A statement as shown to a voter, with when it was written and its votes. (A docstring would become its
# description in the OpenAPI schema.)
class StatementOut(StatementToVoteOut):
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
    common_ground_probability: float | None = Field(
        None, description="The engine's probability that every opinion group agrees (common ground from 0.8)."
    )
    common_ground_words: str = Field(
        "", description="That probability in plain words, in the language asked for: very likely, likely, not sure yet."
    )
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


# ------------------------------------------------------------------------------------------ the golden thread
def _in(language: str, what: str) -> str:
    return f"{what} in {language}; null if there is none yet."


class ExpertInputOut(Schema):
    id: int
    text: str = Field(description="In the language asked for (Accept-Language), or the other where not translated.")
    text_en: str | None = Field(description=_in("English", "The expert input"))
    text_cy: str | None = Field(description=_in("Welsh", "The expert input"))
    created_at: dt.datetime


class ProposalOut(Schema):
    id: int
    title: str = Field(description="In the language asked for (Accept-Language), or the other where not translated.")
    title_en: str | None
    title_cy: str | None
    summary: str
    summary_en: str | None
    summary_cy: str | None
    body: str = Field(description="The proposal in full (may be empty).")
    body_en: str | None
    body_cy: str | None
    status: Literal["open", "shortlisted", "decided", "not_taken_forward"]
    status_reason: str = Field(description="Why it has this status, where staff said so.")
    status_reason_en: str | None
    status_reason_cy: str | None
    origin: Literal["codesign", "prioritisation"] = Field(
        description="codesign (written in co-design) or prioritisation (suggested as a missing option)."
    )
    boundary: Literal["unchecked", "within", "partly", "outside"] = Field(
        description="Whether staff found it within the engagement's boundaries."
    )
    boundary_note: str
    boundary_note_en: str | None
    boundary_note_cy: str | None
    statements: list[int] = Field(description="Ids of the published statements it cites (see …/statements).")
    expert_input: list[ExpertInputOut] = Field(description="Knowledge from invited experts (who gave it is not said).")
    comments: int = Field(description="How many published comments it has.")
    decisions: list[int] = Field(description="Ids of the decisions taking it up (see …/decisions).")
    created_at: dt.datetime
    updated_at: dt.datetime
    page_url: str


class OptionTitleOut(Schema):
    proposal: int = Field(description="The proposal's id (see …/proposals).")
    title: str
    title_en: str | None
    title_cy: str | None


class PerspectiveScoreOut(Schema):
    perspective: str
    score: int | None = Field(description="null when suppressed.")
    lower: int | None
    upper: int | None
    suppressed: bool = Field(
        description="true when fewer people of the perspective, or fewer of their comparisons, than the "
        "small-numbers threshold are behind the score."
    )


class PairwiseOptionOut(OptionTitleOut):
    rank: int | None = Field(description="1 for the highest score; null until the ranking is shown.")
    score: int | None = Field(
        description="The chance, in percent, that people prefer it to an average option (Bradley–Terry); null "
        "until the ranking is shown."
    )
    lower: int | None = Field(description="Lower end of its 95% uncertainty interval, in percent.")
    upper: int | None = Field(description="Upper end of its 95% uncertainty interval, in percent.")
    comparisons: int | None
    by_perspective: list[PerspectiveScoreOut]


class PairwiseOut(Schema):
    choices: int = Field(description="Choices made between pairs of the options.")
    people: int = Field(description="People who made them.")
    ranked: bool = Field(
        description="false until at least the small-numbers threshold of people have chosen: until then the "
        "options are listed without rank or score."
    )
    options: list[PairwiseOptionOut]


class PerspectiveDotsOut(Schema):
    perspective: str
    dots: int | None = Field(
        description="null when fewer people of the perspective than the threshold spread dots, or when the "
        "perspectives held back would be fewer than the threshold together."
    )
    suppressed: bool


class DotsOptionOut(OptionTitleOut):
    rank: int | None
    dots: int | None
    share: int | None = Field(description="Its share of all dots, in percent.")
    people: int | None = Field(description="People who put dots on it.")
    by_perspective: list[PerspectiveDotsOut]


class DotsOut(Schema):
    dots: int = Field(description="Dots spread in all.")
    people: int = Field(description="People who spread dots.")
    ranked: bool = Field(description="false until at least the small-numbers threshold of people have spread dots.")
    options: list[DotsOptionOut]


class PrioritiesOut(Schema):
    threshold: int = Field(description="The small-numbers threshold (5 unless the site sets SMALL_NUMBERS_THRESHOLD).")
    pairwise: PairwiseOut
    dots: DotsOut


class DecisionOut(Schema):
    id: int
    title: str = Field(description="What was decided, in the language asked for.")
    title_en: str | None
    title_cy: str | None
    decided_by: str = Field(description="Who decided: the body named in the decision record (a board, a committee).")
    decided_by_en: str | None
    decided_by_cy: str | None
    decided_on: dt.date
    reasons: str
    reasons_en: str | None
    reasons_cy: str | None
    not_done: str = Field(description="What was not done, and why (may be empty).")
    not_done_en: str | None
    not_done_cy: str | None
    proposals: list[int] = Field(description="Ids of the proposals it takes up.")
    actions: list[int] = Field(description="Ids of the actions delivering it.")
    page_url: str


class IterationOut(Schema):
    id: int
    name: str
    name_en: str | None
    name_cy: str | None
    goal: str
    goal_en: str | None
    goal_cy: str | None
    starts_on: dt.date
    ends_on: dt.date
    is_current: bool
    actions: list[int] = Field(description="Ids of its actions.")


class ActionOut(Schema):
    id: int
    title: str
    title_en: str | None
    title_cy: str | None
    description: str
    description_en: str | None
    description_cy: str | None
    owner: str = Field(description="The role or team that owns it, as staff wrote it (never a person's account).")
    owner_en: str | None
    owner_cy: str | None
    status: Literal["planned", "in_progress", "done", "not_possible"]
    status_reason: str = Field(description="Why it is not possible, where it is not.")
    status_reason_en: str | None
    status_reason_cy: str | None
    target_date: dt.date | None
    decision: int = Field(description="Id of the decision it delivers.")
    iteration: int | None = Field(description="Id of its iteration, if it is in one.")
    created_at: dt.datetime
    updated_at: dt.datetime
    page_url: str


class UpdateOut(Schema):
    id: int
    action: int
    text: str
    text_en: str | None
    text_cy: str | None
    status: Literal["planned", "in_progress", "done", "not_possible"] | None = Field(
        description="The action's new status, when the update is a change of status; null otherwise."
    )
    created_at: dt.datetime


class RatingCountOut(Schema):
    rating: int = Field(description="1 (it did not work for me at all) to 5 (it worked very well for me).")
    people: int | None = Field(
        description="How many gave this answer; null for every answer when any was given by fewer people than the "
        "threshold (but more than none): with the mean, the others would give it away."
    )
    suppressed: bool


class PerspectiveFeedbackOut(Schema):
    perspective: str | None = Field(description="The perspective's name; null for people who gave none.")
    respondents: int | None = Field(
        description="null when fewer than the threshold, or when the perspectives held back would be fewer than "
        "the threshold together (their figures would follow from the others')."
    )
    mean_rating: float | None
    suppressed: bool


class FeedbackOut(Schema):
    action: int
    respondents: int = Field(description="How many people said whether the change worked for them.")
    suppressed: bool = Field(
        description="true when fewer people than the small-numbers threshold answered: the mean, the answers and "
        "the perspectives are then held back (null or empty), so that no one can be picked out."
    )
    mean_rating: float | None = Field(description="Mean rating, 1 to 5; null when suppressed.")
    distribution: list[RatingCountOut] = Field(description="How many gave each answer; empty when suppressed.")
    perspectives: list[PerspectiveFeedbackOut] = Field(description="Per perspective; empty when suppressed.")
