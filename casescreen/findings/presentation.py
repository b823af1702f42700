"""Findings shaped for display and export: every figure is formatted here, never in a template."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from casescreen.domain.findings import QuestionTally
from casescreen.domain.percent import percent_text
from casescreen.domain.ratings import RatingBand, RatingRules
from casescreen.findings.selectors import Findings
from casescreen.frameworks.loader import Question, Theme

# The groups a case can fall into for one question; the keys appear in URLs and JSON.
GROUPS: dict[str, str] = {
    "met": "Met",
    "not_met": "Not met",
    "not_applicable": "Not applicable",
    "unanswered": "Unanswered",
}


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class FindingRow:
    question: Question
    tally: QuestionTally
    phrase: str
    failing_phrase: str
    area_for_improvement: bool
    interval: str
    disclosive: bool
    groups: tuple[GroupCount, ...]


@dataclass(frozen=True)
class ThemeFindings:
    theme: Theme
    rows: tuple[FindingRow, ...]


@dataclass(frozen=True)
class GroupCases:
    question: Question
    tally: QuestionTally
    key: str
    label: str
    references: tuple[str, ...]


def rating_tag(band: RatingBand, rules: RatingRules) -> str:
    """The GOV.UK tag colour of a rating by its place in the scale: the highest green,
    the lowest red, the one above the lowest yellow, any others turquoise."""
    place = rules.scale.index(band)
    last = len(rules.scale) - 1
    if place == 0:
        return "govuk-tag--green"
    if place == last:
        return "govuk-tag--red"
    return "govuk-tag--yellow" if place == last - 1 else "govuk-tag--turquoise"


def format_interval(interval: tuple[float, float] | None) -> str:
    """A Wilson interval as whole percentages, rounded half up: "76% to 98%"."""
    if interval is None:
        return "No applicable cases"
    low, high = interval
    return f"{percent_text(Fraction(repr(low)))} to {percent_text(Fraction(repr(high)))}"


def group_refs(tally: QuestionTally, key: str) -> tuple[str, ...]:
    refs: tuple[str, ...] = getattr(tally, f"{key}_refs")
    return refs


def _row(findings: Findings, question: Question, tally: QuestionTally) -> FindingRow:
    return FindingRow(
        question=question,
        tally=tally,
        phrase=tally.phrase(findings.vocabulary) or "No applicable cases",
        failing_phrase=tally.failing_phrase(findings.vocabulary) or "",
        area_for_improvement=findings.template.is_area_for_improvement(
            tally.met, tally.applicable, tally.style
        ),
        interval=format_interval(tally.wilson()),
        disclosive=tally.disclosive(findings.disclosure_threshold),
        groups=tuple(
            GroupCount(key, label, len(group_refs(tally, key))) for key, label in GROUPS.items()
        ),
    )


def theme_findings(findings: Findings) -> tuple[ThemeFindings, ...]:
    """Rows per theme of the framework, in question order; themes without questions are left out."""
    questions = {q.id: q for q in findings.framework.questions}
    by_theme = findings.tallies.by_theme()
    return tuple(
        ThemeFindings(
            theme=theme,
            rows=tuple(_row(findings, questions[t.question_id], t) for t in by_theme[theme.id]),
        )
        for theme in findings.framework.themes
        if theme.id in by_theme
    )


def question_group(findings: Findings, question_id: str, key: str) -> GroupCases:
    """The cases behind one number; KeyError for an unknown question or group."""
    if key not in GROUPS:
        raise KeyError(key)
    question = findings.framework.question(question_id)
    tally = next(t for t in findings.tallies.questions if t.question_id == question_id)
    return GroupCases(question, tally, key, GROUPS[key], group_refs(tally, key))


def findings_as_json(findings: Findings) -> dict[str, Any]:
    """Every question's counts, words, interval and cases, for `casescreen findings --json`."""
    tallies = findings.tallies
    questions = []
    for t in tallies.questions:
        interval = t.wilson()
        questions.append(
            {
                "id": t.question_id,
                "paragraph": t.paragraph,
                "theme": t.theme,
                "style": t.style,
                "applicable": t.applicable,
                "met": t.met,
                "not_met": t.not_met,
                "not_applicable": t.not_applicable,
                "unanswered": t.unanswered,
                "phrase": t.phrase(findings.vocabulary),
                "failing_phrase": t.failing_phrase(findings.vocabulary),
                "wilson_low": None if interval is None else interval[0],
                "wilson_high": None if interval is None else interval[1],
                "disclosive": t.disclosive(findings.disclosure_threshold),
                "cases": {key: list(group_refs(t, key)) for key in GROUPS},
            }
        )
    return {
        "inspection": findings.inspection.reference,
        "framework": findings.framework.key,
        "vocabulary": findings.vocabulary.name,
        "disclosure_threshold": findings.disclosure_threshold,
        "basis": {
            "completed": tallies.completed,
            "total": tallies.total,
            "text": tallies.basis(),
            "excluded": list(tallies.excluded_refs),
        },
        "questions": questions,
    }
