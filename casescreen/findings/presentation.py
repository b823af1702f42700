"""Findings shaped for display and export: every figure is formatted here, never in a template."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from casescreen.domain.findings import COUNT, QuestionTally, Tallies
from casescreen.domain.percent import percent_text
from casescreen.domain.ratings import KeyQuestionCount, RatingBand, RatingRules
from casescreen.domain.statistics import is_disclosive
from casescreen.findings.ratings import InspectionRatings, StandardRow
from casescreen.findings.selectors import Findings
from casescreen.frameworks.loader import Question, Theme

# The groups a case can fall into for one question; the keys appear in URLs and JSON.
GROUPS: dict[str, str | Promise] = {
    "met": pgettext_lazy("finding", "Met"),
    "not_met": pgettext_lazy("finding", "Not met"),
    "not_applicable": pgettext_lazy("finding", "Not applicable"),
    "unanswered": pgettext_lazy("finding", "Unanswered"),
}


def basis(tallies: Tallies) -> str:
    """The evidence base in words, in the active language: "based on 31 completed
    assessments of 33" (without "of 33" when every assessment is complete)."""
    if tallies.completed == tallies.total:
        return ngettext(
            "based on %(completed)d completed assessment",
            "based on %(completed)d completed assessments",
            tallies.completed,
        ) % {"completed": tallies.completed}
    return ngettext(
        "based on %(completed)d completed assessment of %(total)d",
        "based on %(completed)d completed assessments of %(total)d",
        tallies.completed,
    ) % {"completed": tallies.completed, "total": tallies.total}


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str | Promise
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
    # The kind of case the theme covers, as the framework labels it ("Court disposal").
    kind_label: str = ""


@dataclass(frozen=True)
class KeyQuestionCell:
    key_question: str
    label: str
    text: str
    disclosive: bool


@dataclass(frozen=True)
class RatingRow:
    standard: StandardRow
    cells: tuple[KeyQuestionCell, ...]
    rating: str
    tag: str


@dataclass(frozen=True)
class RatingsTable:
    key_questions: tuple[tuple[str, str], ...]
    rows: tuple[RatingRow, ...]
    overall: str
    overall_tag: str
    total: str


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


def percent_finding(met: int, applicable: int) -> str | None:
    """A share as the percentage findings print it: "75% (15 of 20)"; None when no case applies."""
    if applicable == 0:
        return None
    return _("%(percent)s (%(met)s of %(applicable)s)") % {
        "percent": percent_text(Fraction(met, applicable)),
        "met": met,
        "applicable": applicable,
    }


def tally_text(findings: Findings, tally: QuestionTally) -> str | None:
    """The finding of one question: the template's words, or for a framework that states
    findings as percentages, the percentage met (a count question: the number met)."""
    if findings.in_words:
        return tally.phrase(findings.vocabulary)
    if tally.applicable == 0:
        return None
    if tally.style == COUNT:
        return str(tally.met)
    return percent_finding(tally.met, tally.applicable)


def format_interval(interval: tuple[float, float] | None) -> str:
    """A Wilson interval as whole percentages, rounded half up: "76% to 98%"."""
    if interval is None:
        return _("No applicable cases")
    low, high = interval
    return _("%(low)s to %(high)s") % {
        "low": percent_text(Fraction(repr(low))),
        "high": percent_text(Fraction(repr(high))),
    }


def group_refs(tally: QuestionTally, key: str) -> tuple[str, ...]:
    refs: tuple[str, ...] = getattr(tally, f"{key}_refs")
    return refs


def _row(findings: Findings, question: Question, tally: QuestionTally) -> FindingRow:
    in_words = findings.in_words
    return FindingRow(
        question=question,
        tally=tally,
        phrase=tally_text(findings, tally) or _("No applicable cases"),
        failing_phrase=(tally.failing_phrase(findings.vocabulary) or "") if in_words else "",
        area_for_improvement=in_words
        and findings.template.is_area_for_improvement(tally.met, tally.applicable, tally.style),
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
    kinds = findings.framework.case_kinds
    return tuple(
        ThemeFindings(
            theme=theme,
            rows=tuple(_row(findings, questions[t.question_id], t) for t in by_theme[theme.id]),
            kind_label=kinds[theme.kind].label if theme.kind is not None else "",
        )
        for theme in findings.framework.themes
        if theme.id in by_theme
    )


def _cell(count: KeyQuestionCount | None, key: str, label: str, threshold: int) -> KeyQuestionCell:
    if count is None:
        return KeyQuestionCell(key, label, "", False)
    text = percent_finding(count.sufficient, count.applicable) or _("No applicable cases")
    return KeyQuestionCell(key, label, text, is_disclosive(count.applicable, threshold))


def ratings_table(ratings: InspectionRatings, disclosure_threshold: int) -> RatingsTable:
    """Every standard with its key questions' percentages and its rating, and the overall
    rating with the total score, formatted for the findings page."""
    rows = tuple(
        RatingRow(
            standard=row,
            cells=tuple(
                _cell(row.count(key), key, label, disclosure_threshold)
                for key, label in ratings.key_questions
            ),
            rating=row.band.label if row.band else _("Not yet rated"),
            tag=rating_tag(row.band, ratings.rules) if row.band else "govuk-tag--grey",
        )
        for row in ratings.standards
    )
    overall = ratings.overall
    if overall.band is None:
        waiting = len(overall.unrated)
        overall_text = ngettext(
            "Not yet rated: %(count)d standard unrated",
            "Not yet rated: %(count)d standards unrated",
            waiting,
        ) % {"count": waiting}
    else:
        overall_text = overall.band.label
    return RatingsTable(
        key_questions=ratings.key_questions,
        rows=rows,
        overall=overall_text,
        overall_tag=rating_tag(overall.band, ratings.rules) if overall.band else "govuk-tag--grey",
        total=_("%(total)s of %(maximum)s") % {"total": overall.total, "maximum": overall.maximum},
    )


def ratings_as_json(ratings: InspectionRatings) -> dict[str, Any]:
    """Each standard's key question counts, rating and score, and the overall rating."""
    return {
        "ratings": [
            {
                "standard": row.id,
                "title": row.title,
                "theme": row.theme_id,
                "judged": row.judged,
                "key_questions": [
                    {
                        "id": count.question_id,
                        "sufficient": count.sufficient,
                        "applicable": count.applicable,
                        "percent": count.percent,
                    }
                    for count in row.counts
                ],
                "deciding": row.deciding.question_id if row.deciding else None,
                "rating": row.band.id if row.band else None,
                "score": row.score,
            }
            for row in ratings.standards
        ],
        "overall_rating": {
            "rating": ratings.overall.band.id if ratings.overall.band else None,
            "total": ratings.overall.total,
            "maximum": ratings.overall.maximum,
            "unrated": list(ratings.overall.unrated),
        },
    }


def question_group(findings: Findings, question_id: str, key: str) -> GroupCases:
    """The cases behind one number; KeyError for an unknown question or group."""
    if key not in GROUPS:
        raise KeyError(key)
    question = findings.framework.question(question_id)
    tally = next(t for t in findings.tallies.questions if t.question_id == question_id)
    return GroupCases(question, tally, key, str(GROUPS[key]), group_refs(tally, key))


def findings_as_json(
    findings: Findings, ratings: InspectionRatings | None = None
) -> dict[str, Any]:
    """Every question's counts, words (or percentage), interval and cases, and with a
    framework's ratings every standard's rating, for `casescreen findings --json`."""
    tallies = findings.tallies
    in_words = findings.in_words
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
                "phrase": tally_text(findings, t),
                "failing_phrase": t.failing_phrase(findings.vocabulary) if in_words else None,
                "wilson_low": None if interval is None else interval[0],
                "wilson_high": None if interval is None else interval[1],
                "disclosive": t.disclosive(findings.disclosure_threshold),
                "cases": {key: list(group_refs(t, key)) for key in GROUPS},
            }
        )
    result: dict[str, Any] = {
        "inspection": findings.inspection.reference,
        "framework": findings.framework.key,
        "style": findings.framework.style,
        "vocabulary": findings.vocabulary.name if in_words else None,
        "disclosure_threshold": findings.disclosure_threshold,
        "basis": {
            "completed": tallies.completed,
            "total": tallies.total,
            "text": basis(tallies),
            "excluded": list(tallies.excluded_refs),
        },
        "questions": questions,
    }
    if ratings is not None:
        result |= ratings_as_json(ratings)
    return result
