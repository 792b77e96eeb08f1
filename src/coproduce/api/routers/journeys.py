"""Journeys: the figures of the assessment rounds organisations publish, as open data (issue 18;
docs/decisions/0017-journeys.md).

Aggregates only, with exactly the suppression of the pages (coproduce.journeys.results): a cell of fewer than 3
answers is null and says `shown: false` (no count either), the spread needs the small-numbers threshold, and cells
are held back together so that none can be worked out by subtraction. Never a comment, a piece of evidence or an
answer. Each round carries its organisation's open data licence; texts come in the language asked for, with both
languages alongside.

- journey-rounds.csv: the same figures as open data, one row per published round, dimension and group (everyone,
  then each perspective), built from an explicit list of columns (never a model dump, as api/opendata.py's files):
  a suppressed cell's row says `shown` false and has every figure empty. One query for the rounds and one per
  framework for their ratings, whatever the number of rounds.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.attachments import attachment, attachment_openapi
from coproduce.api.errors import ERRORS, not_found
from coproduce.api.opendata import Field as Column
from coproduce.api.opendata import attribution, csv_bytes, licence_for
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, LicenceOut, Page
from coproduce.core.bilingual import LANGUAGES, resolve
from coproduce.engagements.models import Licence
from coproduce.journeys.journey import framework_parts
from coproduce.journeys.models import Perspective, Round
from coproduce.journeys.results import Cell, many_rounds_results, round_results

router = Router(tags=["journeys"])


class RoundFilters(Paging):
    organisation: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Only this organisation's rounds (slug)."
    )
    framework: str | None = Field(None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Framework slug.")


class RoundOut(Schema):
    id: int
    organisation: str
    framework: str
    title: str = Field(description="In the language asked for, else the other one.")
    title_en: str | None
    title_cy: str | None
    started_on: dt.date
    closed_on: dt.date | None
    engagement: str | None = Field(description="The engagement assessed (slug), or null for the whole organisation.")
    licence: LicenceOut


class CellOut(Schema):
    shown: bool = Field(description="false: too few answers; every figure of the cell is then null.")
    answers: int | None
    median: float | None
    lower_quartile: float | None = Field(description="Only from the small-numbers threshold of answers.")
    upper_quartile: float | None


class DimensionOut(Schema):
    key: str
    name: str
    overall: CellOut
    perspectives: dict[str, CellOut] = Field(description="staff, people (who use services), partners.")
    disagreement: list[str] | None = Field(
        description="The two perspectives whose medians are furthest apart, the higher first, when 1.5 levels or more."
    )


class RoundResultsOut(RoundOut):
    levels: int = Field(description="The top of the framework's scale (1 is the start).")
    dimensions: list[DimensionOut]


def round_out(round_: Round) -> dict:
    return {
        "id": round_.pk,
        "organisation": round_.organisation.slug,
        "framework": round_.framework.slug,
        "title": resolve(round_, "title")[0],
        "title_en": round_.title_en,
        "title_cy": round_.title_cy,
        "started_on": round_.started_on,
        "closed_on": round_.closed_on,
        "engagement": round_.engagement.slug if round_.engagement_id else None,
        "licence": licence_for(round_.organisation),
    }


def cell_out(cell: Cell) -> dict:
    if not cell.shown:
        return {"shown": False, "answers": None, "median": None, "lower_quartile": None, "upper_quartile": None}
    return {
        "shown": True,
        "answers": cell.n,
        "median": cell.median,
        "lower_quartile": cell.lower,
        "upper_quartile": cell.upper,
    }


def published_rounds():
    return Round.objects.filter(published=True).select_related("organisation", "framework", "engagement").order_by("pk")


@router.get(
    "/journeys/rounds",
    response={200: Page[RoundOut], **ERRORS},
    operation_id="list_journey_rounds",
    summary=gettext_noop("List the published assessment rounds"),
)
def list_journey_rounds(request: HttpRequest, filters: Query[RoundFilters]):
    rounds = published_rounds()
    if filters.organisation:
        rounds = rounds.filter(organisation__slug=filters.organisation)
    if filters.framework:
        rounds = rounds.filter(framework__slug=filters.framework)
    return page(rounds, filters, round_out)


@router.get(
    "/journeys/rounds/{round_id}",
    response={200: RoundResultsOut, **ERRORS},
    operation_id="get_journey_round",
    summary=gettext_noop("One published assessment round's figures"),
)
def get_journey_round(request: HttpRequest, round_id: int):
    round_ = published_rounds().filter(pk=round_id).first()
    if round_ is None:
        raise not_found()
    dimensions, top = framework_parts(round_.framework)
    results = round_results(round_, dimensions, with_texts=False)
    return {
        **round_out(round_),
        "levels": top,
        "dimensions": [
            {
                "key": r.dimension.key,
                "name": resolve(r.dimension, "name")[0],
                "overall": cell_out(r.overall),
                "perspectives": {p: cell_out(c) for p, c in r.perspectives.items()},
                "disagreement": list(r.disagreement[:2]) if r.disagreement else None,
            }
            for r in results
        ],
    }


ROUND_COLUMNS = [
    Column("round", "integer", "Round id (the same as in the API)."),
    Column("organisation", "string", "The organisation that published it (slug)."),
    Column("engagement", "string", "The engagement assessed (slug); empty for the whole organisation or a team."),
    *[Column(f"team_{code}", "string", f"The team assessed, if one ({code}).") for code in LANGUAGES],
    Column("framework", "string", "Framework slug."),
    *[Column(f"title_{code}", "string", f"The round's title ({code}).") for code in LANGUAGES],
    Column("started_on", "date", "When the round opened."),
    Column("closed_on", "date", "When it closed."),
    Column("levels", "integer", "The top of the framework's scale (1 is the start)."),
    Column("dimension", "string", "The practice or theme (its key in the framework)."),
    *[Column(f"dimension_name_{code}", "string", f"Its name ({code}).") for code in LANGUAGES],
    Column("perspective", "string", "everyone, staff, people (who use services) or partners."),
    Column("shown", "boolean", "false: too few answers (or held back so that none can be worked out); no figures."),
    Column("answers", "integer", "How many answers rated it (empty when not shown)."),
    Column("median", "number", "The median level (empty when not shown)."),
    Column("lower_quartile", "number", "Only from the small-numbers threshold of answers."),
    Column("upper_quartile", "number", "Only from the small-numbers threshold of answers."),
    Column(
        "disagreement",
        "string",
        "On the everyone row: the two perspectives furthest apart (higher first), "
        "when 1.5 levels or more, separated by a space.",
    ),
    Column("licence", "string", "The organisation's open data licence."),
    Column("attribution", "string", "How to credit the data."),
]


def journey_rounds_csv() -> bytes:
    """Every published round's aggregates: the rows of the API's figures, nothing else."""
    by_framework: dict[int, list[Round]] = {}
    for round_ in published_rounds():
        by_framework.setdefault(round_.framework_id, []).append(round_)
    rows = []
    for rounds in by_framework.values():
        dimensions, top = framework_parts(rounds[0].framework)
        results = many_rounds_results(rounds, dimensions)
        for round_ in rounds:
            code = round_.organisation.licence or Licence.OGL_3
            common = {
                "round": round_.pk,
                "organisation": round_.organisation.slug,
                "engagement": round_.engagement.slug if round_.engagement_id else "",
                "framework": round_.framework.slug,
                "started_on": round_.started_on.isoformat(),
                "closed_on": round_.closed_on.isoformat() if round_.closed_on else "",
                "levels": top,
                "licence": code,
                "attribution": attribution(code, round_.organisation.name_en or round_.organisation.name),
            }
            for lang in LANGUAGES:
                common[f"team_{lang}"] = getattr(round_, f"team_{lang}") or ""
                common[f"title_{lang}"] = getattr(round_, f"title_{lang}") or ""
            for result in results[round_.pk]:
                dimension = {
                    "dimension": result.dimension.key,
                    **{f"dimension_name_{c}": getattr(result.dimension, f"name_{c}") or "" for c in LANGUAGES},
                }
                groups = [("everyone", result.overall)] + [
                    (p, result.perspectives[p]) for p in Perspective.values if p in result.perspectives
                ]
                for perspective, cell in groups:
                    figures = cell_out(cell)
                    rows.append(
                        {
                            **common,
                            **dimension,
                            "perspective": perspective,
                            "shown": figures["shown"],
                            "answers": figures["answers"],
                            "median": figures["median"],
                            "lower_quartile": figures["lower_quartile"],
                            "upper_quartile": figures["upper_quartile"],
                            "disagreement": " ".join(result.disagreement[:2])
                            if perspective == "everyone" and result.disagreement
                            else "",
                        }
                    )
    rows.sort(key=lambda row: row["round"])  # rounds in id order whatever their framework
    return csv_bytes(ROUND_COLUMNS, rows)


@router.get(
    "/open-data/journey-rounds.csv",
    response={200: None, **ERRORS},
    operation_id="open_data_journey_rounds",
    summary=gettext_noop("Open data: the published assessment rounds' figures (CSV)"),
    openapi_extra=attachment_openapi(),
)
def open_data_journey_rounds(request: HttpRequest):
    return attachment(journey_rounds_csv(), "journey-rounds.csv")
