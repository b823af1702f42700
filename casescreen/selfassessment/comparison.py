"""A self-assessment beside what it can fairly be compared with: the YOT's earlier
self-assessments (the trend), its own last inspection and the national picture, all
under the same question set version. Another version is never compared: the same
question may mean something else in it.

Each figure is judgements met of applicable, per question and per standard (the
standard's questions pooled); a group of fewer children than the disclosure threshold
is counted but never shown (``is_disclosive``, the rule of every other page). A pooled
figure counts judgements, several a child, so it is held to the children behind it, and
it is not shown when any of its questions is not: the pool less the questions shown
would give the hidden one back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casescreen.domain.findings import QUANTIFIED
from casescreen.domain.percent import whole_percent
from casescreen.domain.statistics import is_disclosive
from casescreen.findings.national import completed_inspections_of, national_counts
from casescreen.findings.presentation import percent_finding
from casescreen.findings.selectors import inspection_findings
from casescreen.frameworks import Framework
from casescreen.inspections.models import Inspection

Counts = dict[str, tuple[int, int]]  # question id -> (met, applicable)


@dataclass(frozen=True)
class Figure:
    """Judgements met of applicable, shown only when enough children stand behind it and
    none of its parts is hidden."""

    met: int
    applicable: int
    threshold: int
    cases: int  # the children behind the judgements (a pooled figure has more judgements)
    part_hidden: bool = False  # a question pooled in it is not shown

    @property
    def suppressed(self) -> bool:
        return self.part_hidden or is_disclosive(self.cases, self.threshold)

    @property
    def percent(self) -> int | None:
        if self.applicable == 0 or self.suppressed:
            return None
        return whole_percent(Fraction(self.met, self.applicable))

    @property
    def text(self) -> str:
        if is_disclosive(self.cases, self.threshold):
            return _("Too few cases to show")
        if self.part_hidden:
            return _("Not shown: a question in it has too few cases")
        return percent_finding(self.met, self.applicable) or _("No applicable cases")


@dataclass(frozen=True)
class Column:
    """One source of figures: a self-assessment, the last inspection, the nation."""

    label: str
    kind: str  # "self_assessment", "inspection" or "national"
    counts: Counts
    current: bool = False
    start: date | None = None


@dataclass(frozen=True)
class Row:
    label: str
    standard: bool  # the standard's pooled figure, or one of its questions
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Standard:
    id: str
    title: str
    rows: tuple[Row, ...]

    @property
    def pooled(self) -> Row:
        return self.rows[0]


@dataclass(frozen=True)
class Comparison:
    framework: Framework
    columns: tuple[Column, ...]
    standards: tuple[Standard, ...]
    threshold: int
    last_inspection: Inspection | None
    national_inspections: int

    @property
    def trend_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.kind == "self_assessment"]


def _counts(inspection: Inspection) -> Counts:
    return {
        t.question_id: (t.met, t.applicable)
        for t in inspection_findings(inspection).tallies.questions
    }


def earlier_self_assessments(self_assessment: Inspection) -> list[Inspection]:
    """The YOT's self-assessments under the same question set version up to this one,
    oldest first."""
    return list(
        Inspection.objects.filter(
            kind=Inspection.Kind.SELF_ASSESSMENT,
            yot_id=self_assessment.yot_id,
            framework_id=self_assessment.framework_id,
            framework_version=self_assessment.framework_version,
            fieldwork_start__lte=self_assessment.fieldwork_start,
        )
        .exclude(fieldwork_start=self_assessment.fieldwork_start, pk__gt=self_assessment.pk)
        .order_by("fieldwork_start", "pk")
    )


def last_inspection(self_assessment: Inspection, framework: Framework) -> Inspection | None:
    """The YOT's latest inspection under the same version whose report is published, of
    those whose fieldwork began before the audit did (as the earlier self-assessments)."""
    return (
        completed_inspections_of(framework)
        .filter(
            yot_id=self_assessment.yot_id,
            fieldwork_start__lte=self_assessment.fieldwork_start,
        )
        .order_by("-fieldwork_start", "-pk")
        .first()
    )


def _labels(audits: list[Inspection]) -> list[str]:
    """Each audit's month; its day where two began in the same month, and its reference
    too where two began on the same day, so that no two columns read the same."""
    months = Counter((a.fieldwork_start.year, a.fieldwork_start.month) for a in audits)
    days = Counter(a.fieldwork_start for a in audits)
    labels = []
    for a in audits:
        start = a.fieldwork_start
        if months[(start.year, start.month)] == 1:
            labels.append(date_format(start, "M Y"))
        elif days[start] == 1:
            labels.append(date_format(start, "j M Y"))
        else:
            labels.append(f"{date_format(start, 'j M Y')} ({a.reference})")
    return labels


def comparison(self_assessment: Inspection) -> Comparison:
    framework = self_assessment.framework()
    threshold = settings.CASESCREEN_DISCLOSURE_THRESHOLD
    audits = earlier_self_assessments(self_assessment)
    columns = [
        Column(
            label=label,
            kind="self_assessment",
            counts=_counts(sa),
            current=sa.pk == self_assessment.pk,
            start=sa.fieldwork_start,
        )
        for sa, label in zip(audits, _labels(audits), strict=True)
    ]
    inspection = last_inspection(self_assessment, framework)
    if inspection is not None:
        columns.append(
            Column(
                label=_("Inspection %(date)s")
                % {"date": date_format(inspection.fieldwork_start, "M Y")},
                kind="inspection",
                counts=_counts(inspection),
                start=inspection.fieldwork_start,
            )
        )
    national_count, national = national_counts(framework)
    if national_count:
        columns.append(Column(label=_("National"), kind="national", counts=national))
    return Comparison(
        framework=framework,
        columns=tuple(columns),
        standards=_standards(framework, columns, threshold),
        threshold=threshold,
        last_inspection=inspection,
        national_inspections=national_count,
    )


def _standards(framework: Framework, columns: list[Column], threshold: int) -> tuple[Standard, ...]:
    """Per standard (theme), its pooled figure then each question's. Count questions
    (events stated as a number) are left out: they are not shares."""
    standards = []
    for theme in framework.themes:
        questions = [
            q for q in framework.questions if q.theme == theme.id and q.style == QUANTIFIED
        ]
        if not questions:
            continue
        ids = [q.id for q in questions]
        pooled = Row(
            _("All questions of the standard"),
            True,
            tuple(_figure(c, ids, threshold) for c in columns),
        )
        rows = [
            Row(
                f"{q.paragraph} {q.text}",
                False,
                tuple(_figure(c, [q.id], threshold) for c in columns),
            )
            for q in questions
        ]
        standards.append(Standard(theme.id, theme.title, (pooled, *rows)))
    return tuple(standards)


def _figure(column: Column, ids: list[str], threshold: int) -> Figure:
    """The questions' judgements pooled. A child gives at most one judgement a question,
    so a question's applicable count is its children, and the largest is the fewest
    children that can stand behind the pool (more only if they differ, which the counts
    do not say: the pool is held to the fewest)."""
    pairs = [column.counts.get(i, (0, 0)) for i in ids]
    applicable = [a for _, a in pairs]
    return Figure(
        met=sum(m for m, _ in pairs),
        applicable=sum(applicable),
        threshold=threshold,
        cases=max(applicable, default=0),
        part_hidden=any(is_disclosive(a, threshold) for a in applicable),
    )
