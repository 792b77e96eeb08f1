"""What the journey, programme and benchmark pages read, set-based: a few queries whatever the number of rounds,
engagements or organisations."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from coproduce.core.privacy import small_numbers_threshold
from coproduce.delivery.models import Action
from coproduce.engagements.models import AuditEvent, Engagement, Organisation, Phase
from coproduce.journeys.models import Dimension, Framework, OrganisationSettings, Round
from coproduce.journeys.results import DimensionResult, many_rounds_results
from coproduce.networks.models import Network

OPEN_STATUSES = [Action.Status.PLANNED, Action.Status.IN_PROGRESS]


def framework_parts(framework: Framework) -> tuple[list[Dimension], int]:
    """The framework's dimensions and the top of its scale (two queries)."""
    return list(framework.dimensions.all()), framework.levels.count()


@dataclass
class Journey:
    framework: Framework
    dimensions: list[Dimension]
    top: int
    rounds: list[Round]
    results: dict[int, list[DimensionResult]]
    steps: dict[int, list] = field(default_factory=dict)  # round id -> its next steps (with their actions)

    def medians(self, round_: Round) -> list[float | None]:
        return [r.overall.median for r in self.results[round_.pk]]

    def by_dimension(self) -> list[tuple[Dimension, list[float | None]]]:
        return [(d, [self.results[r.pk][i].overall.median for r in self.rounds]) for i, d in enumerate(self.dimensions)]


def journey(owner: Organisation | Network, framework: Framework) -> Journey:
    """The owner's (an organisation's or a network's) closed rounds of this framework, oldest first, with their
    figures and next steps. The same figures (and so the same suppression) whoever owns the rounds."""
    from coproduce.journeys.models import NextStep

    dimensions, top = framework_parts(framework)
    whose = {"network": owner} if isinstance(owner, Network) else {"organisation": owner}
    rounds = list(
        Round.objects.filter(**whose, framework=framework, status=Round.Status.CLOSED)
        .select_related("engagement")
        .order_by("started_on", "pk")
    )
    steps: dict[int, list] = {}
    for step in NextStep.objects.filter(round__in=rounds).select_related("action", "dimension"):
        steps.setdefault(step.round_id, []).append(step)
    return Journey(framework, dimensions, top, rounds, many_rounds_results(rounds, dimensions), steps)


# ------------------------------------------------------------------------------------------ programme
@dataclass
class EngagementRow:
    engagement: Engagement
    phases: list[Phase]
    overdue: int
    open_actions: int
    last_activity: dt.datetime | None
    stalled: bool


def programme(organisation: Organisation, today: dt.date | None = None) -> tuple[list[EngagementRow], int]:
    """Each engagement of the organisation: the phases it is in today, its overdue and open actions, when anything
    last happened (its audit trail) and whether that is longer ago than the organisation's setting (stalled).
    Returns the rows and the setting. Four queries."""
    today = today or timezone.localdate()
    weeks = (
        OrganisationSettings.objects.filter(organisation=organisation)
        .values_list("stalled_after_weeks", flat=True)
        .first()
        or OrganisationSettings._meta.get_field("stalled_after_weeks").default
    )
    engagements = list(
        Engagement.objects.filter(organisation=organisation)
        .annotate(
            overdue=Count(
                "actions", filter=Q(actions__status__in=OPEN_STATUSES, actions__target_date__lt=today), distinct=True
            ),
            open_actions=Count("actions", filter=Q(actions__status__in=OPEN_STATUSES), distinct=True),
        )
        .order_by("title", "pk")
    )
    last = dict(
        AuditEvent.objects.filter(engagement__in=engagements)
        .values("engagement_id")
        .annotate(last=Max("created_at"))
        .values_list("engagement_id", "last")
    )
    current: dict[int, list[Phase]] = {}
    for phase in Phase.objects.filter(engagement__in=engagements).order_by("starts_on", "pk"):
        is_open = phase.state == Phase.State.OPEN or (
            phase.state == Phase.State.SCHEDULED and phase.starts_on <= today <= phase.ends_on
        )
        if is_open:
            current.setdefault(phase.engagement_id, []).append(phase)
    cutoff = timezone.now() - dt.timedelta(weeks=weeks)
    rows = [
        EngagementRow(
            engagement=e,
            phases=current.get(e.pk, []),
            overdue=e.overdue,
            open_actions=e.open_actions,
            last_activity=last.get(e.pk),
            stalled=(last.get(e.pk) or e.created_at) < cutoff,
        )
        for e in engagements
    ]
    return rows, weeks


# ------------------------------------------------------------------------------------------ benchmarks
@dataclass
class Benchmark:
    dimension: Dimension
    organisations: int  # how many organisations' figures this dimension's benchmark holds (0: held back)
    median: float | None
    lower: float | None
    upper: float | None
    ours: float | None


def shares(organisation: Organisation) -> bool:
    return OrganisationSettings.objects.filter(organisation=organisation, share_benchmarks=True).exists()


def benchmarks(organisation: Organisation, framework: Framework) -> tuple[list[Benchmark], int]:
    """Per dimension, the spread of the latest closed round's median of each organisation that shares, named for
    none: only when at least the small-numbers threshold of organisations have a figure for it. Returns the rows and
    how many organisations share a round of this framework."""
    dimensions, _top = framework_parts(framework)
    sharing = OrganisationSettings.objects.filter(share_benchmarks=True).values("organisation_id")
    latest: dict[int, Round] = {}
    for round_ in Round.objects.filter(
        framework=framework, status=Round.Status.CLOSED, organisation_id__in=sharing
    ).order_by("started_on", "pk"):
        latest[round_.organisation_id] = round_
    results = many_rounds_results(list(latest.values()), dimensions)
    rows = []
    for i, dimension in enumerate(dimensions):
        values: dict[int, float] = {}
        for org_id, r in latest.items():
            median = results[r.pk][i].overall.median
            if median is not None:
                values[org_id] = median
        ours = values.get(organisation.pk)
        if len(values) >= small_numbers_threshold():
            quartiles = statistics.quantiles(list(values.values()), n=4, method="inclusive")
            rows.append(
                Benchmark(dimension, len(values), statistics.median(values.values()), quartiles[0], quartiles[2], ours)
            )
        else:
            rows.append(Benchmark(dimension, 0, None, None, None, ours))
    return rows, len(latest)
