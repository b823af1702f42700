"""The programme across inspections, aggregated in the database.

Answers are counted by SQL (GROUP BY inspection and question, applicability as
SQL conditions from the framework rules); Python only combines the few
thousand aggregate rows that come back, never the answers themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from statistics import median
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.domain.agreement import Agreement, Table, table_agreement
from casescreen.domain.statistics import is_disclosive, wilson_interval
from casescreen.findings.national import (
    CASE,
    completed_inspections_of,
    counted_answers,
)
from casescreen.frameworks import Framework, Question
from casescreen.inspections.models import Inspection, Yot
from casescreen.moderation.models import DoubleAssessment, Reconciliation, SecondAnswer
from casescreen.moderation.selectors import estimate_text
from casescreen.reoffending.models import ReoffendingFigure, Series

# The words of each direction on the page; the downloads keep the English keys.
DIRECTION_LABELS = {
    "improved": gettext_lazy("improved"),
    "declined": gettext_lazy("declined"),
    "no change": gettext_lazy("no change"),
    "not comparable": gettext_lazy("not comparable"),
}


@dataclass(frozen=True)
class ProgrammeFilters:
    framework: Framework
    year_from: int | None = None
    year_to: int | None = None
    nation: str = ""
    region: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "framework": self.framework.key,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "nation": self.nation or None,
            "region": self.region or None,
        }


def _per_cent(value: Fraction | float | None) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}"


@dataclass(frozen=True)
class Share:
    """Judgements met out of those that counted, with disclosure control."""

    met: int
    applicable: int
    threshold: int

    @property
    def suppressed(self) -> bool:
        return is_disclosive(self.applicable, self.threshold)

    @property
    def shown(self) -> bool:
        return self.applicable > 0 and not self.suppressed

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.met, self.applicable) if self.shown else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.met, self.applicable) if self.shown else None

    @property
    def per_cent(self) -> str:
        return _per_cent(self.share)

    @property
    def low(self) -> str:
        return _per_cent(self.interval[0]) if self.interval else ""

    @property
    def high(self) -> str:
        return _per_cent(self.interval[1]) if self.interval else ""

    def as_dict(self) -> dict[str, object]:
        if not self.shown:
            return {"suppressed": self.suppressed, "met": None, "applicable": None}
        interval = self.interval
        assert interval is not None
        return {
            "suppressed": False,
            "met": self.met,
            "applicable": self.applicable,
            "share_per_cent": float(self.per_cent),
            "wilson_95_low_per_cent": float(_per_cent(interval[0])),
            "wilson_95_high_per_cent": float(_per_cent(interval[1])),
        }


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    pooled: Share
    yots_counted: int
    spread: tuple[Fraction, Fraction, Fraction] | None

    @property
    def spread_display(self) -> tuple[str, str, str]:
        if self.spread is None:
            return ("", "", "")
        low, middle, high = self.spread
        return (_per_cent(low), _per_cent(middle), _per_cent(high))


@dataclass(frozen=True)
class Comparison:
    """A YOT's latest inspection in the period against its previous one."""

    latest_reference: str
    latest_start: date
    latest: Share
    previous_reference: str
    previous_start: date
    previous: Share

    @property
    def change(self) -> Fraction | None:
        if self.latest.share is None or self.previous.share is None:
            return None
        return self.latest.share - self.previous.share

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return ""
        return f"{float(change) * 100:+.1f}"

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "not comparable"
        if self.change_display in {"+0.0", "-0.0"}:
            return "no change"
        return "improved" if change > 0 else "declined"

    @property
    def direction_label(self) -> str:
        return str(DIRECTION_LABELS[self.direction])


@dataclass(frozen=True)
class YotRow:
    yot_id: int
    name: str
    nation: str
    region: str
    inspections: int
    cases: int
    overall: Share
    comparison: Comparison | None
    reoffending_rate: Decimal | None
    reoffending_cohort: str
    questions: dict[str, Share] = field(default_factory=dict)


@dataclass(frozen=True)
class Programme:
    filters: ProgrammeFilters
    threshold: int
    inspections: int
    cases: int
    questions: list[QuestionRow]
    yots: list[YotRow]


def completed_inspections(filters: ProgrammeFilters) -> Any:
    # A YOT's self-assessments are its own: never in the inspectorate's programme.
    query = completed_inspections_of(filters.framework)
    if filters.nation:
        query = query.filter(yot__nation=filters.nation)
    if filters.region:
        query = query.filter(yot__region=filters.region)
    if filters.year_to is not None:
        query = query.filter(fieldwork_start__lt=date(filters.year_to + 1, 1, 1))
    return query


def latest_framework_key() -> str | None:
    """The framework version of the latest inspection: the programme shows one version's
    figures at a time, and by default the one in use."""
    latest = (
        Inspection.objects.filter(kind=Inspection.Kind.INSPECTION)
        .order_by("-fieldwork_start", "-pk")
        .first()
    )
    return latest.framework_key if latest else None


def _in_period(start: date, filters: ProgrammeFilters) -> bool:
    if filters.year_from is not None and start.year < filters.year_from:
        return False
    return filters.year_to is None or start.year <= filters.year_to


def programme(filters: ProgrammeFilters) -> Programme:
    """Every aggregate of the programme page in four queries."""
    threshold = settings.CASESCREEN_DISCLOSURE_THRESHOLD
    framework = filters.framework
    inspections = list(
        completed_inspections(filters)
        .order_by("yot_id", "fieldwork_start", "id")
        .values("id", "yot_id", "reference", "fieldwork_start")
    )
    # Each YOT's latest inspection in the period and the one before it (any year).
    in_period: list[dict[str, Any]] = []
    latest: dict[int, dict[str, Any]] = {}
    previous: dict[int, dict[str, Any]] = {}
    last_seen: dict[int, dict[str, Any]] = {}
    for row in inspections:
        yot_id = row["yot_id"]
        if _in_period(row["fieldwork_start"], filters):
            in_period.append(row)
            if yot_id in last_seen:
                previous[yot_id] = last_seen[yot_id]
            latest[yot_id] = row
        last_seen[yot_id] = row
    needed = {row["id"] for row in in_period} | {row["id"] for row in previous.values()}
    if not needed:
        return Programme(filters, threshold, 0, 0, _question_rows(framework, {}, threshold), [])
    earliest = min(row["fieldwork_start"] for row in inspections if row["id"] in needed)

    counted = completed_inspections(filters).filter(fieldwork_start__gte=earliest)
    totals = (
        Answer.objects.filter(counted_answers(framework), **{f"{CASE}inspection__in": counted})
        .values_list(f"{CASE}inspection_id", "question_id")
        .annotate(met=Count("id", filter=Q(value="yes")), applicable=Count("id"))
        .order_by()
    )
    by_inspection: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    # Tens of thousands of rows of plain integers: read them with the cursor, which
    # skips the ORM's per-value conversion (a tenth of the page's time).
    sql, params = totals.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for inspection_id, question_id, met, applicable in cursor.fetchall():
            by_inspection[inspection_id][question_id] = (met, applicable)

    cases_by_inspection = dict(
        Assessment.objects.filter(
            status=Assessment.Status.COMPLETED,
            case__sample_status=Case.SampleStatus.SAMPLED,  # as counted_answers
            # A subquery, not a list of a thousand ids for the driver to parse.
            case__inspection__in=counted,
        )
        .values_list("case__inspection_id")
        .annotate(n=Count("id"))
        .order_by()
    )

    # Combine aggregate rows per YOT and question, within the period.
    yot_question: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    yot_inspections: dict[int, int] = defaultdict(int)
    yot_cases: dict[int, int] = defaultdict(int)
    for row in in_period:
        yot_inspections[row["yot_id"]] += 1
        yot_cases[row["yot_id"]] += cases_by_inspection.get(row["id"], 0)
        for question_id, (met, applicable) in by_inspection.get(row["id"], {}).items():
            pair = yot_question[row["yot_id"]][question_id]
            pair[0] += met
            pair[1] += applicable

    def overall(inspection_id: int) -> Share:
        counts = by_inspection.get(inspection_id, {}).values()
        return Share(sum(m for m, _ in counts), sum(a for _, a in counts), threshold)

    period_end = date(filters.year_to + 1, 1, 1) if filters.year_to else date.max
    yots = _yot_rows(
        yot_ids=sorted(yot_inspections),
        period_end=period_end,
        threshold=threshold,
        yot_question=yot_question,
        yot_inspections=yot_inspections,
        yot_cases=yot_cases,
        latest=latest,
        previous=previous,
        overall=overall,
    )
    return Programme(
        filters=filters,
        threshold=threshold,
        inspections=len(in_period),
        cases=sum(yot_cases.values()),
        questions=_question_rows(framework, yot_question, threshold),
        yots=yots,
    )


def _question_rows(
    framework: Framework, yot_question: dict[int, dict[str, list[int]]], threshold: int
) -> list[QuestionRow]:
    rows = []
    for question in framework.questions:
        met = applicable = 0
        shares: list[Fraction] = []
        for per_question in yot_question.values():
            m, a = per_question.get(question.id, (0, 0))
            met += m
            applicable += a
            share = Share(m, a, threshold).share
            if share is not None:
                shares.append(share)
        spread = _spread(shares) if shares else None
        rows.append(
            QuestionRow(
                question=question,
                pooled=Share(met, applicable, threshold),
                yots_counted=len(shares),
                spread=spread,
            )
        )
    return rows


def _spread(shares: list[Fraction]) -> tuple[Fraction, Fraction, Fraction]:
    """Lowest, median and highest, exactly, from one sort.

    Sorting by float gives the exact order: two different shares with
    denominators below 2**26 differ by more than the float rounding of either,
    and comparing Fractions directly was a tenth of the page's time."""
    ordered = sorted(shares, key=float)
    return ordered[0], Fraction(median(ordered)), ordered[-1]


def _yot_rows(
    *,
    yot_ids: list[int],
    period_end: date,
    threshold: int,
    yot_question: dict[int, dict[str, list[int]]],
    yot_inspections: dict[int, int],
    yot_cases: dict[int, int],
    latest: dict[int, dict[str, Any]],
    previous: dict[int, dict[str, Any]],
    overall: Any,
) -> list[YotRow]:
    newest = ReoffendingFigure.objects.filter(
        area=OuterRef("pk"), series=Series.TWELVE_MONTH, published_on__lt=period_end
    ).order_by("-cohort_end", "-published_on")
    yots = Yot.objects.filter(pk__in=yot_ids).annotate(
        rate=Subquery(newest.values("rate")[:1]),
        cohort=Subquery(newest.values("cohort_label")[:1]),
    )
    rows = []
    for yot in yots:
        questions = {
            qid: Share(m, a, threshold) for qid, (m, a) in yot_question.get(yot.pk, {}).items()
        }
        comparison = None
        if yot.pk in previous:
            now, before = latest[yot.pk], previous[yot.pk]
            comparison = Comparison(
                latest_reference=now["reference"],
                latest_start=now["fieldwork_start"],
                latest=overall(now["id"]),
                previous_reference=before["reference"],
                previous_start=before["fieldwork_start"],
                previous=overall(before["id"]),
            )
        rows.append(
            YotRow(
                yot_id=yot.pk,
                name=yot.name,
                nation=yot.get_nation_display(),
                region=yot.region,
                inspections=yot_inspections[yot.pk],
                cases=yot_cases[yot.pk],
                overall=Share(
                    sum(s.met for s in questions.values()),
                    sum(s.applicable for s in questions.values()),
                    threshold,
                ),
                comparison=comparison,
                reoffending_rate=yot.rate,
                reoffending_cohort=yot.cohort or "",
                questions=questions,
            )
        )
    return rows


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    regions = (
        Yot.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
    return {"regions": [(region, region) for region in regions]}


# At most this many questions in the table of weakest agreement.
WEAKEST_AGREEMENT_ROWS = 10


@dataclass(frozen=True)
class AgreementRow:
    question: Question
    agreement: Agreement

    @property
    def observed(self) -> str:
        """Observed agreement in per cent with its Wilson interval, or "" below the
        threshold."""
        return estimate_text(self.agreement.observed, _per_cent)

    @property
    def kappa(self) -> str:
        return estimate_text(self.agreement.kappa)

    @property
    def ac1(self) -> str:
        return estimate_text(self.agreement.ac1)


def _agreement_inspections(filters: ProgrammeFilters) -> Any:
    """The filtered inspections of the framework version, whatever their status: a
    double assessment completed during fieldwork already says where the guidance is
    read two ways."""
    framework = filters.framework
    query = Inspection.objects.filter(
        kind=Inspection.Kind.INSPECTION,
        framework_id=framework.id,
        framework_version=framework.version,
    )
    if filters.nation:
        query = query.filter(yot__nation=filters.nation)
    if filters.region:
        query = query.filter(yot__region=filters.region)
    if filters.year_from is not None:
        query = query.filter(fieldwork_start__gte=date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        query = query.filter(fieldwork_start__lt=date(filters.year_to + 1, 1, 1))
    return query


def agreement_tables(filters: ProgrammeFilters) -> dict[str, Table]:
    """Per question, the 2x2 table of first and second assessors' yes/no answers over
    the completed double assessments of completed assessments, in one aggregate query.
    The first assessor's answer is the one they gave: where a reconciliation wrote over
    it, the one kept on the reconciliation.

    Only the framework version of the filters is read: the same question id may mean
    something else in another version, so versions are never pooled."""
    framework = filters.framework
    second = SecondAnswer.objects.filter(
        double_assessment__case=OuterRef(f"{CASE}pk"), question_id=OuterRef("question_id")
    ).values("value")[:1]
    given = Reconciliation.objects.filter(
        double_assessment__case=OuterRef(f"{CASE}pk"), question_id=OuterRef("question_id")
    ).values("first_value")[:1]
    counts = (
        Answer.objects.filter(
            counted_answers(framework),
            **{
                f"{CASE}double_assessment__status": DoubleAssessment.Status.COMPLETED,
                f"{CASE}inspection__in": _agreement_inspections(filters),
            },
        )
        .annotate(second=Subquery(second), first=Coalesce(Subquery(given), F("value")))
        .filter(second__in=("yes", "no"))
        .values_list("question_id", "first", "second")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: dict[str, dict[tuple[bool, bool], int]] = defaultdict(lambda: defaultdict(int))
    for question_id, first, second_value, n in counts:
        cells[question_id][(first == "yes", second_value == "yes")] += n
    return {
        question_id: Table(
            yes_yes=c[(True, True)],
            yes_no=c[(True, False)],
            no_yes=c[(False, True)],
            no_no=c[(False, False)],
        )
        for question_id, c in cells.items()
    }


def weakest_agreement(filters: ProgrammeFilters) -> list[AgreementRow]:
    """The questions inspectors agree on least, where the guidance most needs to be
    clarified: lowest Gwet's AC1 first (it stays meaningful when nearly every answer is
    "yes", where kappa does not), then the questions with too few pairs to say, most
    pairs first; framework order breaks ties."""
    tables = agreement_tables(filters)
    min_pairs = settings.CASESCREEN_AGREEMENT_MIN_PAIRS
    rows = [
        (
            position,
            AgreementRow(question, table_agreement(tables[question.id], min_pairs=min_pairs)),
        )
        for position, question in enumerate(filters.framework.questions)
        if question.id in tables
    ]

    def key(item: tuple[int, AgreementRow]) -> tuple[int, Fraction, int, int]:
        position, row = item
        ac1 = row.agreement.ac1
        if ac1 is None:
            return (1, Fraction(0), -row.agreement.pairs, position)
        return (0, ac1.value, 0, position)

    return [row for _, row in sorted(rows, key=key)[:WEAKEST_AGREEMENT_ROWS]]
