"""The latest analysis of an engagement's conversation: what its results page shows, as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router

from coproduce.api.access import conversation_for_reading, results_readable
from coproduce.api.analysis import analysis_document
from coproduce.api.errors import ERRORS, ApiError
from coproduce.api.schemas import AnalysisOut

router = Router(tags=["analysis"])


@router.get(
    "/engagements/{slug}/analysis",
    response={200: AnalysisOut, **ERRORS},
    operation_id="get_analysis",
    summary=gettext_noop("Opinion groups, common ground, divisive statements and perspectives"),
    by_alias=True,
)
def get_analysis(request: HttpRequest, slug: str):
    """The figures the results page shows: the latest analysis, with the statements voted on since it counted as
    they stand now (a small conversation is analysed again first). Per-perspective figures for fewer people than the
    small-numbers threshold (5 unless the site sets SMALL_NUMBERS_THRESHOLD) are null. Available when the results page is (voting or results open), and always to the
    organisation's own API keys."""
    conversation = conversation_for_reading(request, slug)
    if not results_readable(request, conversation):
        raise ApiError(403, "results_not_open", _("Results will be shown once the common ground phase starts."))
    return analysis_document(conversation)
