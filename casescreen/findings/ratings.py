"""Ratings of an inspection: each standard rated by the framework's rules, and overall.

A case standard is rated from its key questions' counts in the findings (sufficient is
met, applicable is met + not met) by ``domain.ratings``; a standard judged by the
inspectors brings the rating recorded for it (``StandardJudgement``), or none yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from casescreen.domain.ratings import (
    KeyQuestionCount,
    OverallRating,
    RatingBand,
    RatingRules,
    overall_rating,
    rate_case_standard,
)
from casescreen.findings.models import StandardJudgement
from casescreen.findings.selectors import Findings, inspection_findings
from casescreen.frameworks import Framework
from casescreen.inspections.models import Inspection


@dataclass(frozen=True)
class StandardRow:
    """One standard of the framework with its rating (``band`` None while unrated)."""

    id: str
    title: str
    theme_id: str
    theme_title: str
    # Rated by the inspectors' judgement on evidence rather than from case answers.
    judged: bool
    band: RatingBand | None
    # A case standard's key questions, in the framework's order (empty when judged).
    counts: tuple[KeyQuestionCount, ...]
    # The key question a case standard's rating was taken from (the lowest share).
    deciding: KeyQuestionCount | None
    # The evidence summary recorded with a judged standard's rating ("" otherwise).
    key_findings: str
    # The kind of case a case standard's theme covers (court, out_of_court...).
    theme_kind: str | None = None

    @property
    def score(self) -> int | None:
        return self.band.score if self.band else None

    def count(self, key_question: str) -> KeyQuestionCount | None:
        """The counts of one key question, or None when the standard has none."""
        return next((c for c in self.counts if c.question_id == key_question), None)


@dataclass(frozen=True)
class InspectionRatings:
    rules: RatingRules
    # Every rated standard, in the framework's order.
    standards: tuple[StandardRow, ...]
    overall: OverallRating
    # Key question id -> label, in the framework's order.
    key_questions: tuple[tuple[str, str], ...] = ()

    @property
    def case_standards(self) -> tuple[StandardRow, ...]:
        return tuple(s for s in self.standards if not s.judged)

    @property
    def judged_standards(self) -> tuple[StandardRow, ...]:
        return tuple(s for s in self.standards if s.judged)

    def standard(self, standard_id: str) -> StandardRow:
        for row in self.standards:
            if row.id == standard_id:
                return row
        raise KeyError(standard_id)


def judgements_by_standard(inspection: Inspection) -> dict[str, StandardJudgement]:
    """The ratings recorded for the inspection's judged standards, by standard id."""
    return {
        j.standard: j
        for j in StandardJudgement.objects.filter(inspection=inspection).select_related(
            "updated_by"
        )
    }


def _key_question_counts(
    framework: Framework, findings: Findings, paragraph: str
) -> tuple[KeyQuestionCount, ...]:
    """The counts of each key question a paragraph's questions answer (summed should a
    key question have several questions), in the framework's order of key questions."""
    tallies = {t.question_id: t for t in findings.tallies.questions}
    counts: dict[str, tuple[int, int]] = {}
    for question in framework.questions:
        if question.paragraph != paragraph or question.key_question is None:
            continue
        tally = tallies[question.id]
        sufficient, applicable = counts.get(question.key_question, (0, 0))
        counts[question.key_question] = (sufficient + tally.met, applicable + tally.applicable)
    return tuple(
        KeyQuestionCount(key, *counts[key]) for key in framework.key_questions if key in counts
    )


def inspection_ratings(
    inspection: Inspection, findings: Findings | None = None
) -> InspectionRatings | None:
    """Every standard's rating and the overall rating; None when the framework has no
    ratings. ``findings`` saves tallying again when the caller has them already.

    Case standards are the paragraphs of themes not judged whose questions answer key
    questions; judged standards are the paragraphs of judged themes. One query for the
    judgements, besides the findings'.
    """
    framework = inspection.framework()
    rules = framework.ratings
    if rules is None:
        return None
    if findings is None:
        findings = inspection_findings(inspection)
    judgements = judgements_by_standard(inspection)
    rows: list[StandardRow] = []
    for theme in framework.themes:
        for paragraph in theme.paragraphs:
            if theme.judged:
                judgement = judgements.get(paragraph.id)
                rows.append(
                    StandardRow(
                        id=paragraph.id,
                        title=paragraph.title,
                        theme_id=theme.id,
                        theme_title=theme.title,
                        judged=True,
                        band=rules.band(judgement.rating) if judgement else None,
                        counts=(),
                        deciding=None,
                        key_findings=judgement.key_findings if judgement else "",
                        theme_kind=theme.kind,
                    )
                )
                continue
            counts = _key_question_counts(framework, findings, paragraph.id)
            if not counts:
                continue
            rating = rate_case_standard(paragraph.id, counts, rules)
            rows.append(
                StandardRow(
                    id=paragraph.id,
                    title=paragraph.title,
                    theme_id=theme.id,
                    theme_title=theme.title,
                    judged=False,
                    band=rating.band,
                    counts=rating.counts,
                    deciding=rating.deciding,
                    key_findings="",
                    theme_kind=theme.kind,
                )
            )
    overall = overall_rating({row.id: row.band.id if row.band else None for row in rows}, rules)
    return InspectionRatings(
        rules=rules,
        standards=tuple(rows),
        overall=overall,
        key_questions=tuple(framework.key_questions.items()),
    )
