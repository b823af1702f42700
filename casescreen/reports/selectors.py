"""Reads for reports: the data snapshot a draft is built from, and report pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from casescreen.assessments.models import PracticeExample
from casescreen.assessments.selectors import sample_identifiers
from casescreen.cases.models import Case
from casescreen.domain.findings import QuestionTally
from casescreen.findings.presentation import basis
from casescreen.findings.ratings import inspection_ratings
from casescreen.findings.selectors import Findings, inspection_findings
from casescreen.frameworks import Framework, Question
from casescreen.frameworks.texts import requested
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    InspectionTransition,
    TeamMembership,
)
from casescreen.reoffending.selectors import quoted_comparison
from casescreen.reoffending.wording import comparison_sentence, months_in_language
from casescreen.reports.consistency import Problem, check
from casescreen.reports.models import ENGLISH, Comment, Report, ReportVersion


def question_finding(q: Question, t: QuestionTally) -> dict[str, Any]:
    """One question and its counts, as the report's data snapshot holds them."""
    wilson = t.wilson()
    return {
        "id": q.id,
        "paragraph": q.paragraph,
        "theme": q.theme,
        "short": _short(q.text),
        "style": q.style,
        "count_noun": q.count_noun,
        "applies_to": q.applies_to,
        "met_wording": q.met_wording,
        "not_met_wording": q.not_met_wording,
        "met": t.met,
        "not_met": t.not_met,
        "applicable": t.applicable,
        "wilson": [round(wilson[0], 3), round(wilson[1], 3)] if wilson else None,
    }


def _short(text: str) -> str:
    return text.rstrip("?")


def report_data(inspection: Inspection) -> dict[str, Any]:
    """Everything the report states, as JSON-ready data: counts, wording and figures.

    No names or case references: this snapshot is stored with a published version.
    """
    findings = inspection_findings(inspection)
    framework = findings.framework
    tallies = findings.tallies
    by_id = {t.question_id: t for t in tallies.questions}
    questions = [question_finding(q, by_id[q.id]) for q in framework.questions]
    reoffending = None
    comparison = quoted_comparison(inspection)
    if comparison is not None:
        reoffending = {
            "rate": str(inspection.reoffending_rate),
            "national": str(inspection.reoffending_national_rate),
            "previous": None
            if inspection.reoffending_previous_rate is None
            else str(inspection.reoffending_previous_rate),
            "cohort": months_in_language(inspection.reoffending_cohort),
            "published": months_in_language(inspection.reoffending_published),
            "comparison": comparison_sentence(comparison),
            "versus_previous": comparison.versus_previous,
            "versus_national": comparison.versus_national,
        }
    yot = inspection.yot
    area = yot.name.removesuffix(" YOT").strip() or yot.local_authority
    language = requested(None)
    return {
        **_letter_people(inspection),
        "inspection": inspection.reference,
        # The YOT's names in the language the report is drafted in (the active one).
        "yot": yot.name_in(language),
        "area": area,
        "local_authority": yot.local_authority_in(language),
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        "fieldwork_end": inspection.fieldwork_end.isoformat(),
        "framework": framework.key,
        "style": framework.style,
        # None where findings are percentages rather than a vocabulary's words.
        "vocabulary": findings.template.words.name if findings.template.words else None,
        "threshold": settings.CASESCREEN_DISCLOSURE_THRESHOLD,
        "cases_examined": tallies.completed,
        "basis": basis(tallies),
        "sample": _sample_by_kind(inspection, framework, set(tallies.excluded_refs)),
        "ratings": _ratings_data(inspection, findings),
        "reoffending": reoffending,
        "themes": [
            {
                "id": theme.id,
                "title": theme.title,
                "kind": theme.kind,
                "judged": theme.judged,
                "paragraphs": [{"id": p.id, "title": p.title} for p in theme.paragraphs],
            }
            for theme in framework.themes
        ],
        "questions": questions,
    }


def _ratings_data(inspection: Inspection, findings: Findings) -> dict[str, Any] | None:
    """The standards' ratings and the overall rating as the report states them."""
    ratings = inspection_ratings(inspection, findings)
    if ratings is None:
        return None

    def band(b: Any) -> dict[str, Any] | None:
        return None if b is None else {"id": b.id, "label": b.label, "score": b.score}

    return {
        "standards": [
            {
                "id": row.id,
                "title": row.title,
                "theme": row.theme_id,
                "judged": row.judged,
                "band": band(row.band),
                "counts": [
                    {
                        "question_id": c.question_id,
                        "sufficient": c.sufficient,
                        "applicable": c.applicable,
                        "percent": c.percent,
                    }
                    for c in row.counts
                ],
                "deciding": row.deciding.question_id if row.deciding else None,
                "key_findings": row.key_findings or "",
            }
            for row in ratings.standards
        ],
        "overall": {
            "band": band(ratings.overall.band),
            "total": ratings.overall.total,
            "maximum": ratings.overall.maximum,
            "unrated": list(ratings.overall.unrated),
        },
    }


def _sample_by_kind(
    inspection: Inspection, framework: Framework, incomplete: set[str]
) -> dict[str, Any]:
    """The cases examined (sampled, assessment complete) counted by kind of case."""
    counts: Counter[str] = Counter()
    for reference, sentence_type in Case.objects.filter(
        inspection=inspection, sample_status=Case.SampleStatus.SAMPLED
    ).values_list("reference", "sentence_type"):
        kind = framework.kind_of(sentence_type)
        if kind is not None and reference not in incomplete:
            counts[kind.id] += 1
    return {
        "kinds": [
            {"id": kind_id, "label": kind.label, "count": counts[kind_id]}
            for kind_id, kind in framework.case_kinds.items()
        ]
    }


def _letter_people(inspection: Inspection) -> dict[str, Any]:
    """Who the letter is to, from and copied to, from the register and the team; and the
    YOT's previous published inspection, for the overall judgement's comparison."""
    yot = inspection.yot
    lead = (
        TeamMembership.objects.filter(inspection=inspection, role=TeamMembership.Role.LEAD)
        .select_related("user")
        .first()
    )
    copy_names = dict(CopyListContact.objects.filter(yot=yot).values_list("role_title", "name"))
    previous = (
        Inspection.objects.filter(yot=yot, published_on__lt=inspection.fieldwork_start)
        .exclude(pk=inspection.pk)
        .order_by("-published_on")
        .first()
    )
    return {
        "board_chair": yot.board_chair,
        "lead": None
        if lead is None
        else {
            "name": lead.user.get_full_name() or lead.user.username,
            "email": lead.user.email,
            "phone": lead.user.phone,
        },
        "copy_names": copy_names,
        "previous_inspection": ""
        if previous is None or previous.published_on is None
        else f"published {previous.published_on:%B %Y}",
    }


def report_identifiers(inspection: Inspection) -> tuple[list[str], list[str]]:
    """Names and case references of the children in the sample, for the consistency
    check: the report speaks only of sampled cases, and a name shared by a child on
    the case list who was not sampled identifies nobody in it."""
    return sample_identifiers(inspection)


def practice_examples(inspection: Inspection) -> QuerySet[PracticeExample]:
    return PracticeExample.objects.filter(
        assessment__case__inspection=inspection,
        assessment__case__sample_status=Case.SampleStatus.SAMPLED,
    ).order_by("paragraph", "id")


def report_for_inspection(inspection: Inspection) -> Report | None:
    return Report.objects.filter(inspection=inspection).first()


def report_versions(report: Report) -> QuerySet[ReportVersion]:
    return (
        report.versions.select_related("created_by")
        .prefetch_related("files")
        .defer("data")
        .order_by("-number")
    )


def first_version_under_check(report: Report) -> int | None:
    """The number of the version the latest factual accuracy check started on: the newest
    saved when the report moved to the check (later ones are saved during it)."""
    started = (
        InspectionTransition.objects.filter(
            inspection_id=report.inspection_id, to_status=Inspection.Status.FACTUAL_ACCURACY
        )
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    if started is None:
        return None
    before = report.versions.filter(created_at__lte=started).order_by("-number")
    return before.values_list("number", flat=True).first() or 1


def report_comments(report: Report) -> QuerySet[Comment]:
    return report.comments.select_related("author").order_by("created_at", "id")


def latest_published(report: Report) -> ReportVersion | None:
    return report.versions.filter(published=True).order_by("-number").first()


def _checked(
    content: dict[str, Any], data: dict[str, Any] | None, inspection: Inspection, language: str
) -> list[Problem]:
    """The consistency check of a document in ``language``, against ``data`` (the live
    data, in that language, when None). A problem of the Welsh document has its own key,
    so a reason recorded for it is not taken for the English one's."""
    names, references = report_identifiers(inspection)
    with translation.override(language):
        problems = check(
            content, data or report_data(inspection), names=names, references=references
        )
    if language == ENGLISH:
        return problems
    return [replace(p, key=f"{language}:{p.key}") for p in problems]


def report_problems(report: Report, language: str = ENGLISH) -> list[Problem]:
    """Consistency problems of the working draft in ``language``, against the live data."""
    return _checked(report.content_in(language), None, report.inspection, language)


def version_problems(version: ReportVersion, language: str = ENGLISH) -> list[Problem]:
    """Problems of a frozen version, against the data stored with it (published) or live."""
    return _checked(
        version.content_in(language),
        version.data_in(language) if version.published else None,
        version.report.inspection,
        language,
    )
