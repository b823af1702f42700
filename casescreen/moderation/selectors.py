"""Reads for blind double assessment: the two assessments side by side, what is left to
reconcile, and the pairs of answers agreement is measured on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext

from casescreen.assessments.models import Answer
from casescreen.cases.models import Case
from casescreen.domain.agreement import AgreementReport, Estimate, Pair, agreement_by_question
from casescreen.frameworks import Framework, Question
from casescreen.inspections.models import Inspection
from casescreen.moderation.models import DoubleAssessment, Reconciliation, SecondAnswer

YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Comparison:
    """One question of a double-assessed case: both answers and any reconciliation."""

    question: Question
    # The first assessor's answer as given, even after reconciliation wrote over it.
    first: str
    second: str
    first_evidence: str
    second_evidence: str
    reconciliation: Reconciliation | None
    # The first assessment's answer now: the one the findings count.
    counted: str

    @property
    def paired(self) -> bool:
        """Both assessors gave a yes or no: a pair agreement is measured on."""
        return self.first in YES_NO and self.second in YES_NO

    @property
    def disagree(self) -> bool:
        return self.paired and self.first != self.second

    @property
    def unreconciled(self) -> bool:
        """A disagreement without a reconciliation, or whose answer has changed since
        (the assessment reopened and answered again): the findings wait for the lead."""
        return self.disagree and (
            self.reconciliation is None or self.reconciliation.value != self.counted
        )

    def label(self, value: str) -> str:
        return str(dict(self.question.scale).get(value, gettext("Not answered")))

    @property
    def first_label(self) -> str:
        return self.label(self.first)

    @property
    def second_label(self) -> str:
        return self.label(self.second)

    @property
    def reconciled_label(self) -> str:
        """The answer that counts, in the page's language; empty before reconciliation."""
        return self.label(self.reconciliation.value) if self.reconciliation else ""


def _doubles(inspection: Inspection, **filters: object) -> list[DoubleAssessment]:
    return list(
        DoubleAssessment.objects.filter(case__inspection=inspection, **filters)
        .select_related("case", "case__assessment", "second_inspector")
        .prefetch_related(
            Prefetch("case__assessment__answers", queryset=Answer.objects.all()),
            Prefetch("answers", queryset=SecondAnswer.objects.all()),
            Prefetch("reconciliations", queryset=Reconciliation.objects.all()),
        )
    )


def comparisons(double: DoubleAssessment, framework: Framework) -> list[Comparison]:
    """The questions that apply to the case, in framework order, with both answers as the
    assessors gave them (prefetched by ``_doubles``, or read here): a reconciled question
    keeps its disagreement, with the answer that counts on its reconciliation."""
    case = double.case
    applicable = framework.applicable_questions(case.facts())
    # None once a redraw of the sample took the case out with its unstarted assessment.
    assessment = getattr(case, "assessment", None)
    first = {a.question_id: a for a in assessment.answers.all()} if assessment else {}
    second = {a.question_id: a for a in double.answers.all()}
    settled = {r.question_id: r for r in double.reconciliations.all()}
    rows = []
    for question in framework.questions:
        if question.id not in applicable:
            continue
        one, two = first.get(question.id), second.get(question.id)
        reconciliation = settled.get(question.id)
        given = one.value if one else ""
        if reconciliation is not None:
            given = reconciliation.first_value
        # The first assessor's evidence, kept on the reconciliation that may have written
        # over it (none was kept by those made before it was).
        first_evidence = (reconciliation.first_evidence if reconciliation else "") or (
            one.evidence if one and one.value == given else ""
        )
        rows.append(
            Comparison(
                question=question,
                first=given,
                second=two.value if two else "",
                first_evidence=first_evidence,
                second_evidence=two.evidence if two else "",
                reconciliation=reconciliation,
                counted=one.value if one else "",
            )
        )
    return rows


def double_comparison(double: DoubleAssessment) -> list[Comparison]:
    [fresh] = _doubles(double.case.inspection, pk=double.pk)
    return comparisons(fresh, double.case.inspection.framework())


def double_assessments(inspection: Inspection) -> list[DoubleAssessment]:
    return _doubles(inspection)


def _two_places(number: Fraction | float) -> str:
    return f"{float(number):.2f}"


def estimate_text(
    value: Estimate | None, shown: Callable[[Fraction | float], str] = _two_places
) -> str:
    """The estimate and its interval, each number as ``shown`` writes it (rounded only
    for display): "0.85 (0.70 to 0.93)", or "" for none."""
    if value is None:
        return ""
    interval = gettext("%(low)s to %(high)s") % {"low": shown(value.low), "high": shown(value.high)}
    return f"{shown(value.value)} ({interval})"


def second_assessments_of(user: Any, inspection: Inspection) -> list[DoubleAssessment]:
    """The user's own second assessments in the inspection, by case reference."""
    return list(
        DoubleAssessment.objects.filter(case__inspection=inspection, second_inspector_id=user.pk)
        .select_related("case")
        .order_by("case__reference")
    )


def second_assessors(inspection: Inspection) -> dict[str, int]:
    """Case reference -> the person making its second assessment, who may not make the
    first (``services._check_second_inspector`` holds the rule the other way round)."""
    return dict(
        DoubleAssessment.objects.filter(case__inspection=inspection).values_list(
            "case__reference", "second_inspector_id"
        )
    )


def cases_held_for_reconciliation(inspection: Inspection) -> frozenset[str]:
    """References of the double-assessed cases with a disagreement not yet reconciled: the
    findings count them as not complete, so only reconciled answers feed the findings."""
    doubles = _doubles(inspection, status=DoubleAssessment.Status.COMPLETED)
    if not doubles:
        return frozenset()
    framework = inspection.framework()
    return frozenset(
        d.case.reference for d in doubles if any(c.unreconciled for c in comparisons(d, framework))
    )


def _pairs(doubles: Iterable[DoubleAssessment], framework: Framework) -> dict[str, list[Pair]]:
    pairs: dict[str, list[Pair]] = {q.id: [] for q in framework.questions}
    for double in doubles:
        for row in comparisons(double, framework):
            if row.paired:
                pairs[row.question.id].append((row.first == "yes", row.second == "yes"))
    return pairs


def inspection_agreement(inspection: Inspection) -> AgreementReport:
    """Agreement between first and second assessors over the inspection's completed double
    assessments whose first assessment is completed too."""
    from casescreen.assessments.models import Assessment

    doubles = _doubles(
        inspection,
        status=DoubleAssessment.Status.COMPLETED,
        case__assessment__status=Assessment.Status.COMPLETED,
        # As the findings and the programme's agreement count (``counted_answers``): not a
        # case excluded from the sample after its double assessment began.
        case__sample_status=Case.SampleStatus.SAMPLED,
    )
    return agreement_by_question(
        _pairs(doubles, inspection.framework()),
        min_pairs=settings.CASESCREEN_AGREEMENT_MIN_PAIRS,
    )


def framework_agreement(framework: Framework, inspections: Iterable[Inspection]) -> AgreementReport:
    """Agreement over several inspections of one framework (never pooled across frameworks:
    the same question id may mean something else in another)."""
    from casescreen.assessments.models import Assessment

    ids = [i.pk for i in inspections if i.framework_key == framework.key]
    doubles = DoubleAssessment.objects.filter(
        case__inspection_id__in=ids,
        status=DoubleAssessment.Status.COMPLETED,
        case__assessment__status=Assessment.Status.COMPLETED,
        case__sample_status=Case.SampleStatus.SAMPLED,
    ).select_related("case", "case__assessment")
    doubles = doubles.prefetch_related("case__assessment__answers", "answers", "reconciliations")
    return agreement_by_question(
        _pairs(doubles, framework), min_pairs=settings.CASESCREEN_AGREEMENT_MIN_PAIRS
    )


def sampled_cases(inspection: Inspection) -> list[Case]:
    return list(
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .select_related("assessment", "assessment__inspector")
        .order_by("reference")
    )
